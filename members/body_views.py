"""The secretariat's pages for bodies: list, composition against the rules, appointing and ending memberships."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.web import form_page, issue_form_token, run_service
from members import services as member_services
from members.models import Membership
from members.terms import terms_ending_by

from .body_forms import BodyForm, MembershipCreateForm, MembershipEditForm, MembershipEndForm
from .composition import check_composition
from .terms import default_term_end
from bodies import services as body_services
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
        "ending_soon": ending_soon, "nav": "bodies", "documents": body.documents.order_by("kind", "number", "title"),
    })


def _secretariat_body(request, body_pk):
    return get_for_secretariat(Body.objects.select_related("partnership", "kind"), request.user,
                               partnership_path="partnership", pk=body_pk)


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = BodyForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        def call(data):
            return body_services.body_create(partnership=partnership, kind=data["kind"], name=data["name"], by=request.user,
                                             **form.service_fields())

        response = run_service(request, form, call, token=True,
                               success=lambda body: _("Organet %(body)s er opprettet.") % {"body": body},
                               redirect_to=lambda body: reverse("bodies:body_detail", kwargs={"body_pk": body.pk}) if body
                               else reverse("bodies:body_list", kwargs={"slug": partnership.slug}))
        if response:
            return response
    return form_page(request, form=form, title=_("Nytt organ"), partnership=partnership, submit_label=_("Opprett organet"),
                     cancel_url=reverse("bodies:body_list", kwargs={"slug": partnership.slug}), nav="bodies", token=True,
                     intro=_("Organet får medlemmer etterpå, på organets side."))


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request, body_pk):
    body = _secretariat_body(request, body_pk)
    partnership = body.partnership
    form = BodyForm(request.POST or None, instance=body, partnership=partnership)
    detail = reverse("bodies:body_detail", kwargs={"body_pk": body.pk})
    if request.method == "POST":
        def call(data):
            return body_services.body_update(body=body, by=request.user, kind=data["kind"], name=data["name"],
                                             **form.service_fields())

        response = run_service(request, form, call, token=True, redirect_to=detail,
                               success=lambda changed: _("%(body)s er endret.") % {"body": changed})
        if response:
            return response
    return form_page(request, form=form, title=_("Endre %(body)s") % {"body": body.name}, partnership=partnership,
                     submit_label=_("Lagre endringene"), cancel_url=detail, nav="bodies", token=True, obj=body)


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request, body_pk):
    body = _secretariat_body(request, body_pk)
    if request.method == "POST":
        form = MembershipCreateForm(request.POST, body=body)

        def call(data):
            new_deputy = None
            if form.wants_new_deputy:
                new_deputy = {"first_name": data["deputy_first_name"], "last_name": data["deputy_last_name"],
                              "email": data["deputy_email"], "employer": data["deputy_employer"]}
            term_end = data["term_end"] or default_term_end(body=body, role=data["role"], start=data["term_start"])
            return member_services.membership_appoint(
                body=body, person=data["person"], role=data["role"], side=data["side"], seat=data["seat"],
                seat_note=data["seat_note"], term_start=data["term_start"], term_end=term_end,
                represented_parties=data["represented_parties"], personal_deputy=data["personal_deputy"],
                can_vote=data["can_vote"], can_speak=data["can_speak"], can_propose=data["can_propose"],
                deputy_person=data["deputy_person"], new_deputy=new_deputy, by=request.user,
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


def _secretariat_membership(request, membership_pk):
    return get_for_secretariat(Membership.objects.select_related("body__partnership", "body__kind", "person"), request.user,
                               partnership_path="body.partnership", pk=membership_pk)


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request, membership_pk):
    membership = _secretariat_membership(request, membership_pk)
    body = membership.body
    form = MembershipEditForm(request.POST or None, membership=membership)
    detail = reverse("bodies:body_detail", kwargs={"body_pk": body.pk})
    if request.method == "POST":
        def call(data):
            fields = {name: data[name] for name in ("side", "seat", "seat_note", "can_vote", "can_speak", "can_propose",
                                                    "term_start", "term_end")}
            if "personal_deputy" in form.fields and not data.get("deputy_person"):
                fields["personal_deputy"] = data["personal_deputy"]
            return member_services.membership_update(membership=membership, by=request.user, deputy_person=data.get("deputy_person"),
                                                     represented_parties=data["represented_parties"], **fields)

        response = run_service(request, form, call, token=True, redirect_to=detail,
                               success=lambda changed: _("Medlemskapet til %(person)s er endret.") % {"person": changed.person})
        if response:
            return response
    return form_page(request, form=form, title=_("Endre medlemskapet til %(person)s") % {"person": membership.person},
                     partnership=body.partnership, submit_label=_("Lagre endringene"), cancel_url=detail, nav="bodies",
                     token=True, obj=membership, intro=str(membership))


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request, membership_pk):
    membership = _secretariat_membership(request, membership_pk)
    body = membership.body
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST":
        def call(data):
            try:
                return member_services.membership_end(membership=membership, on=data["on"], by=request.user, reason=data["reason"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "term_end" in exc.error_dict:
                    raise ValidationError({"on": exc.error_dict["term_end"]}) from exc
                raise

        # The one-time token is spent in the transaction that ends the term: a second submit ends nothing twice.
        response = run_service(request, form, call, token=True,
                               redirect_to=reverse("bodies:body_detail", kwargs={"body_pk": body.pk}),
                               success=_("Vervet til %(person)s i %(body)s er avsluttet.") % {"person": membership.person, "body": body})
        if response:
            return response
    return render(request, "bodies/membership_end.html", {
        "partnership": body.partnership, "body": body, "membership": membership, "form": form, "nav": "bodies",
        "form_token": issue_form_token(request),
    })
