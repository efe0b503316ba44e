"""The secretariat's pages for people in the partnership's bodies: the list, registering and editing a person."""
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bodies.permissions import secretariat_partnership
from common.web import form_page, run_service
from members.body_forms import PersonForm, persons_of

from . import services
from .models import Membership, Person


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


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = PersonForm(request.POST or None, partnership=partnership)
    back = reverse("members:person_list", kwargs={"slug": partnership.slug})
    if request.method == "POST":
        def call(data):
            return services.person_create(partnership=partnership, by=request.user, first_name=data["first_name"],
                                          last_name=data["last_name"], **form.service_fields())

        response = run_service(request, form, call, token=True, redirect_to=back,
                               success=lambda person: _("%(person)s er registrert.") % {"person": person})
        if response:
            return response
    return form_page(request, form=form, title=_("Registrer en person"), partnership=partnership, submit_label=_("Registrer"),
                     cancel_url=back, nav="people", token=True,
                     intro=_("Personen kan deretter oppnevnes til et organ, som medlem, vara eller observatør."))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, slug, person_pk):
    partnership = secretariat_partnership(request, slug)
    try:
        person = persons_of(partnership).get(pk=person_pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    form = PersonForm(request.POST or None, instance=person, partnership=partnership)
    back = reverse("members:person_list", kwargs={"slug": partnership.slug})
    if request.method == "POST":
        def call(data):
            return services.person_update(person=person, partnership=partnership, by=request.user, first_name=data["first_name"],
                                          last_name=data["last_name"], **form.service_fields())

        response = run_service(request, form, call, token=True, redirect_to=back,
                               success=lambda changed: _("Opplysningene om %(person)s er lagret.") % {"person": changed})
        if response:
            return response
    return form_page(request, form=form, title=_("Endre %(person)s") % {"person": person}, partnership=partnership,
                     submit_label=_("Lagre endringene"), cancel_url=back, nav="people", token=True, obj=person)
