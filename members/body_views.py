"""The secretariat's pages for bodies: list, composition against the rules, appointing and ending memberships."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.web import (
    add_service_errors, issue_form_token, run_service,
)
from members import services as member_services
from members.models import Membership
from members.terms import terms_ending_by

from .body_forms import MembershipCreateForm, MembershipEndForm
from .composition import check_composition
from bodies.models import Body
from bodies.permissions import get_for_secretariat, secretariat_partnership


@login_required
def body_list(request, slug):
    partnership = secretariat_partnership(request, slug)
    year = timezone.localdate().year
    today = timezone.localdate()
    bodies = (
        Body.objects.filter(partnership=partnership)
        .select_related("kind")
        .annotate(
            meetings_this_year=Count("meetings", filter=Q(meetings__starts_at__year=year), distinct=True),
            current_members=Count(
                "memberships",
                filter=Q(memberships__term_start__lte=today) & (Q(memberships__term_end__isnull=True) | Q(memberships__term_end__gte=today)),
                distinct=True,
            ),
        )
        .order_by("level", "name")
    )
    return render(request, "bodies/body_list.html", {"partnership": partnership, "bodies": bodies, "year": year, "nav": "bodies"})


@login_required
def body_detail(request, body_pk):
    body = get_for_secretariat(Body.objects.select_related("partnership", "kind", "appointed_by", "reports_to"),
                               request.user, partnership_path="partnership", pk=body_pk)
    memberships = (
        Membership.objects.current().filter(body=body)
        .select_related("person", "personal_deputy__person")
        .prefetch_related("represented_parties")
        .order_by("role", "side", "person__last_name")
    )
    ending_soon = terms_ending_by()
    return render(request, "bodies/body_detail.html", {
        "partnership": body.partnership, "body": body, "memberships": memberships, "breaches": check_composition(body),
        "ending_soon": ending_soon, "nav": "bodies",
    })


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request, body_pk):
    body = get_for_secretariat(Body.objects.select_related("partnership"), request.user, partnership_path="partnership", pk=body_pk)
    if request.method == "POST":
        form = MembershipCreateForm(request.POST, body=body)

        def call(data):
            return member_services.membership_create(
                body=body, person=data["person"], role=data["role"], side=data["side"], seat=data["seat"],
                seat_note=data["seat_note"], term_start=data["term_start"], term_end=data["term_end"],
                represented_parties=data["represented_parties"], personal_deputy=data["personal_deputy"], by=request.user,
            )

        # The one-time token is spent in the transaction that saves: two simultaneous submits appoint once.
        response = run_service(request, form, call, token=True,
                               success=lambda membership: _("%(membership)s er oppnevnt.") % {"membership": membership},
                               redirect_to=reverse("bodies:body_detail", kwargs={"body_pk": body.pk}))
        if response:
            return response
    else:
        form = MembershipCreateForm(body=body)
    return render(request, "bodies/membership_form.html", {
        "partnership": body.partnership, "body": body, "form": form, "form_token": issue_form_token(request), "nav": "bodies",
    })


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request, membership_pk):
    membership = get_for_secretariat(Membership.objects.select_related("body__partnership", "person"), request.user,
                                     partnership_path="body.partnership", pk=membership_pk)
    body = membership.body
    if request.method == "POST":
        form = MembershipEndForm(request.POST)
        if form.is_valid():
            try:
                member_services.membership_end(membership=membership, on=form.cleaned_data["on"], by=request.user,
                                               reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "term_end" in exc.error_dict:
                    exc = ValidationError({"on": exc.error_dict["term_end"]})
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Vervet til %(person)s i %(body)s er avsluttet.") % {"person": membership.person, "body": body})
                return redirect("bodies:body_detail", body_pk=body.pk)
    else:
        form = MembershipEndForm()
    return render(request, "bodies/membership_end.html", {
        "partnership": body.partnership, "body": body, "membership": membership, "form": form, "nav": "bodies",
    })
