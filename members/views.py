"""The secretariat's list of people in the partnership's bodies."""
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import render

from members.body_forms import persons_of
from bodies.permissions import secretariat_partnership

from .models import Membership


@login_required
def person_list(request, slug):
    partnership = secretariat_partnership(request, slug)
    q = request.GET.get("q", "").strip()
    persons = persons_of(partnership).select_related("employer").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.current().filter(body__partnership=partnership).select_related("body"),
                 to_attr="current_memberships"))
    if q:
        persons = persons.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(position__icontains=q))
    return render(request, "members/person_list.html", {"partnership": partnership, "persons": persons[:300], "q": q, "nav": "people"})
