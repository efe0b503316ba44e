"""Django admin inside the partnership boundary, seen as Finnmark's secretariat made a staff user by an administrator."""
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from guardian.admin import GuardedModelAdminMixin
from guardian.shortcuts import assign_perm

from bodies.admin_scope import PARTNERSHIP_PATHS
from bodies.models import Body, Partnership, PriorityGroup
from bodies.permissions import is_secretariat
from cases.models import Case, CaseDocument
from meetings.models import Attendance, Meeting
from members.models import CalendarFeed, LoginIdentity, Membership

pytestmark = pytest.mark.django_db

SUPERUSER_ONLY = {"members.CalendarFeed", "members.LanguagePreference", "meetings.EmailSettings", "meetings.ReminderDay", "members.LoginIdentity", "auth.User", "auth.Group",
                  "django_rq.Dashboard", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}


@pytest.fixture
def secretariat(client, demo):
    """Finnmark's secretariat given the admin by an administrator (staff, the «Sekretariat» group); the demo's is not staff."""
    user = get_user_model().objects.get(username="sekretariat")
    assert not user.is_staff and not user.is_superuser
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name="Sekretariat"))
    client.force_login(user)
    return user


@pytest.fixture
def helgeland_case(demo):
    """Helgeland's demo has no cases yet: one, with an exempt document, to try to reach from Finnmark."""
    from cases.models import Case

    case = Case.objects.create(partnership=demo["helgeland"], year=2026, number=950, title="Helgelands hemmelige sak")
    CaseDocument.objects.create(case=case, title="Unntatt Helgeland", exempt=True, legal_basis="offl. § 13")
    return case


def scoped_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if PARTNERSHIP_PATHS.get(model._meta.label)]


def rows_of(model, partnership):
    paths = PARTNERSHIP_PATHS[model._meta.label]
    from django.db.models import Q

    condition = Q()
    for path in paths:
        condition |= Q(**{path: partnership.pk} if path == "pk" else {f"{path}": partnership})
    return model._default_manager.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_admin_of_the_governance_apps_knows_its_way_to_the_partnership():
    labels = {model._meta.label for model in admin.site._registry}
    for model_admin in admin.site._registry.values():
        labels |= {inline.model._meta.label for inline in model_admin.inlines}
    governance = {label for label in labels if label.split(".")[0] in ("bodies", "members", "cases", "meetings")}
    assert governance - set(PARTNERSHIP_PATHS) - SUPERUSER_ONLY == set()


def test_every_change_list_shows_no_row_of_the_other_partnership(client, secretariat, demo, helgeland_case):
    helgeland = demo["helgeland"]
    seen = 0
    for model, _model_admin in scoped_admins():
        response = client.get(url(model, "changelist"))
        assert response.status_code == 200, model._meta.label
        shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
        foreign = set(rows_of(model, helgeland).values_list("pk", flat=True)) - set(rows_of(model, demo["finnmark"]).values_list("pk", flat=True))
        assert not shown & foreign, model._meta.label
        assert helgeland.name not in response.content.decode(), model._meta.label
        seen += bool(shown)
    # The secretariat does see its own partnership's rows (the list is not simply empty).
    assert seen >= 10
    response = client.get(url(Case, "changelist"))
    assert response.context["cl"].result_count == Case.objects.filter(partnership=demo["finnmark"]).count() > 0


def test_every_object_url_of_the_other_partnership_answers_403_or_404(client, secretariat, demo, helgeland_case):
    helgeland, finnmark = demo["helgeland"], demo["finnmark"]
    checked = []
    for model, model_admin in scoped_admins():
        obj = rows_of(model, helgeland).exclude(pk__in=rows_of(model, finnmark).values("pk")).first()
        if obj is None:
            continue
        views = ["change", "delete", "history"]
        if isinstance(model_admin, GuardedModelAdminMixin):
            views.append("permissions")
        for view in views:
            for method in (client.get, client.post):
                response = method(url(model, view, obj.pk))
                assert response.status_code in (403, 404), (model._meta.label, view, method, response.status_code)
        history = model.history.filter(pk=obj.pk).first() if hasattr(model, "history") else None
        if history is not None:
            response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                                          args=[obj.pk, history.history_id]))
            assert response.status_code in (403, 404), (model._meta.label, "simple_history")
        checked.append(model._meta.label)
    assert {"bodies.Partnership", "bodies.Body", "members.Person", "members.Membership", "cases.Case",
            "meetings.Meeting"} <= set(checked)


def test_an_exempt_document_of_the_other_partnership_cannot_be_made_public_in_the_admin(client, secretariat, helgeland_case):
    case = helgeland_case
    document = case.documents.get()
    response = client.post(url(Case, "change", case.pk), {"title": "Kapret", "documents-0-id": document.pk, "documents-0-exempt": ""})
    assert response.status_code == 404
    document.refresh_from_db()
    case.refresh_from_db()
    assert document.exempt and case.title != "Kapret"


def test_choices_and_autocomplete_offer_only_the_users_partnerships(client, secretariat, demo):
    response = client.get(url(Case, "add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields["partnership"].queryset) == {demo["finnmark"]}
    assert not form.fields["body"].queryset.filter(partnership=demo["helgeland"]).exists()
    assert form.fields["body"].queryset.filter(partnership=demo["finnmark"]).exists()
    helgeland_body = Body.objects.filter(partnership=demo["helgeland"]).first()
    response = client.get(reverse("admin:autocomplete"), {"app_label": "cases", "model_name": "case", "field_name": "body",
                                                          "term": helgeland_body.name[:6]})
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert helgeland_body.pk not in ids
    response = client.get(reverse("admin:autocomplete"), {"app_label": "cases", "model_name": "case", "field_name": "body", "term": ""})
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids and not Body.objects.filter(pk__in=ids, partnership=demo["helgeland"]).exists()


def test_a_case_cannot_be_added_to_the_other_partnership(client, secretariat, demo):
    response = client.post(url(Case, "add"), {"partnership": demo["helgeland"].pk, "title": "Smuglet inn", "case_type": "decision"})
    assert response.status_code == 200
    assert "partnership" in response.context["adminform"].form.errors
    assert not Case.objects.filter(title="Smuglet inn").exists()


def test_rights_pages_are_for_superusers_alone(client, secretariat, demo):
    finnmark = demo["finnmark"]
    body = Body.objects.filter(partnership=finnmark).first()
    group = Group.objects.get(name="Sekretariat")
    denied = [
        url(Partnership, "permissions", finnmark.pk),
        reverse("admin:bodies_partnership_permissions_manage_user", args=[finnmark.pk, secretariat.pk]),
        reverse("admin:bodies_partnership_permissions_manage_group", args=[finnmark.pk, group.pk]),
        url(Body, "permissions", body.pk),
        url(LoginIdentity, "changelist"), url(LoginIdentity, "add"),
        url(CalendarFeed, "changelist"),
        url(get_user_model(), "changelist"), url(get_user_model(), "change", secretariat.pk),
        url(Group, "changelist"), url(Group, "change", group.pk),
        "/admin/django_rq/dashboard/", "/admin/django_rq/dashboard/queues/0/", "/admin/django_rq/dashboard/stats.json/",
    ]
    for address in denied:
        for method in (client.get, client.post):
            response = method(address, {"user": secretariat.pk, "permissions": ["manage_partnership"]})
            assert response.status_code in (403, 404), (address, response.status_code)
    helgeland = demo["helgeland"]
    response = client.post(reverse("admin:bodies_partnership_permissions_manage_user", args=[helgeland.pk, secretariat.pk]),
                           {"permissions": ["manage_partnership"]})
    assert response.status_code in (403, 404)
    response = client.post(url(get_user_model(), "change", secretariat.pk),
                           {"username": "sekretariat", "is_superuser": "on", "is_staff": "on", "is_active": "on"})
    assert response.status_code == 403
    secretariat.refresh_from_db()
    assert not secretariat.is_superuser and not is_secretariat(secretariat, helgeland)
    index = client.get(reverse("admin:index")).content.decode()
    for label in ("django_rq", "loginidentity", "calendarfeed", "auth/user", "auth/group"):
        assert f"/admin/{label}" not in index, label


def test_the_object_permissions_link_is_shown_only_to_those_who_may_open_it(client, secretariat, demo):
    finnmark = demo["finnmark"]
    body = Body.objects.filter(partnership=finnmark).first()
    for address in (url(Partnership, "change", finnmark.pk), url(Body, "change", body.pk)):
        page = client.get(address)
        assert page.status_code == 200, address
        assert "permissionslink" not in page.content.decode(), address
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get(url(Body, "change", body.pk)).content.decode()
    assert url(Body, "permissions", body.pk) in page


def test_the_superuser_still_reaches_the_rights_pages(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    for address in (url(Partnership, "permissions", demo["finnmark"].pk), url(LoginIdentity, "changelist"),
                    url(get_user_model(), "changelist")):
        assert client.get(address).status_code == 200, address
    assert client.get(url(Case, "changelist")).context["cl"].result_count == Case.objects.count()


def test_global_catalogues_are_read_only_for_staff(client, secretariat, demo):
    group = PriorityGroup.objects.first()
    assert client.get(url(PriorityGroup, "changelist")).status_code == 200
    assert client.get(url(PriorityGroup, "add")).status_code == 403
    response = client.post(url(PriorityGroup, "change", group.pk), {"name": "Omdøpt", "slug": group.slug})
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.name != "Omdøpt"


def test_history_cannot_be_reverted_in_the_admin(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    case = Case.objects.filter(partnership=demo["finnmark"]).first()
    record = case.history.last()
    address = reverse("admin:cases_case_simple_history", args=[case.pk, record.history_id])
    assert client.get(address).status_code == 200
    assert client.post(address, {"title": "Tilbakestilt"}).status_code == 403
    case.refresh_from_db()
    assert case.title != "Tilbakestilt"


def test_the_meeting_admin_does_not_edit_attendance_or_agenda_items(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    attendance = Attendance.objects.filter(meeting__body__partnership=demo["finnmark"]).select_related("meeting").first()
    assert attendance is not None
    response = client.get(url(Meeting, "change", attendance.meeting.pk))
    formsets = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    for prefix in ("attendances", "items"):
        inline = formsets[prefix]
        assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission


def test_a_self_granted_right_does_not_outlive_the_sync(demo):
    user = get_user_model().objects.get(username="sekretariat")
    helgeland = demo["helgeland"]
    group = Group.objects.create(name="Selvoppnevnt")
    user.groups.add(group)
    assign_perm("bodies.manage_partnership", user, helgeland)
    assign_perm("bodies.manage_partnership", group, helgeland)
    assign_perm("bodies.change_partnership", user, helgeland)
    body = Body.objects.filter(partnership=helgeland).first()
    assign_perm("bodies.manage_cases", group, body)
    user = get_user_model().objects.get(pk=user.pk)
    assert is_secretariat(user, helgeland)

    call_command("sync_permissions", stdout=open("/dev/null", "w"))

    user = get_user_model().objects.get(pk=user.pk)
    assert not is_secretariat(user, helgeland)
    assert not user.has_perm("bodies.change_partnership", helgeland)
    assert not user.has_perm("bodies.manage_cases", body)
    # The rights the membership gives are still there.
    assert is_secretariat(user, demo["finnmark"])


def test_membership_added_and_ended_in_the_admin_changes_rights_at_once(client, demo):
    from tests.factories import PersonFactory, UserFactory

    admin_user = get_user_model().objects.get(username="admin")
    client.force_login(admin_user)
    helgeland = demo["helgeland"]
    secretariat_body = Body.objects.get(partnership=helgeland, kind__is_secretariat=True)
    person = PersonFactory(user=UserFactory(username="ny-sekretaer"))
    response = client.post(url(Membership, "add"), {
        "person": person.pk, "body": secretariat_body.pk, "role": "member", "side": "none", "seat": "ordinary",
        "can_speak": "on", "term_start": "2024-01-01",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user = get_user_model().objects.get(pk=person.user.pk)
    assert is_secretariat(user, helgeland)
    membership = Membership.objects.get(person=person)
    assert membership.history.latest().history_user == admin_user

    response = client.post(url(Membership, "change", membership.pk), {
        "person": person.pk, "body": secretariat_body.pk, "role": "member", "side": "none", "seat": "ordinary",
        "can_speak": "on", "term_start": "2024-01-01", "term_end": "2024-12-31",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=person.user.pk)
    assert not is_secretariat(user, helgeland)


def test_membership_deleted_in_the_admin_takes_the_rights_with_it(client, demo):
    from members.services import membership_create
    from tests.factories import PersonFactory, UserFactory

    admin_user = get_user_model().objects.get(username="admin")
    client.force_login(admin_user)
    helgeland = demo["helgeland"]
    secretariat_body = Body.objects.get(partnership=helgeland, kind__is_secretariat=True)
    person = PersonFactory(user=UserFactory(username="feilregistrert"))
    from datetime import date

    membership = membership_create(body=secretariat_body, person=person, role="member", side="none",
                                   term_start=date(2024, 1, 1), by=admin_user)
    assert is_secretariat(get_user_model().objects.get(pk=person.user.pk), helgeland)
    response = client.post(url(Membership, "delete", membership.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not is_secretariat(get_user_model().objects.get(pk=person.user.pk), helgeland)


def test_a_finnmark_object_is_still_editable_by_its_secretariat(client, secretariat, demo):
    case = Case.objects.filter(partnership=demo["finnmark"]).first()
    assert client.get(url(Case, "change", case.pk)).status_code == 200
    assert client.get(url(Case, "history", case.pk)).status_code == 200


def test_unknown_admin_names_do_not_reverse():
    with pytest.raises(NoReverseMatch):
        reverse("admin:guardian_userobjectpermission_changelist")
