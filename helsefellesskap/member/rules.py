"""What a member may do on their own pages, asked in one place (the pages and their tests ask these)."""
from members.models import Membership


def reporting_memberships(user):
    """The seats from which the user may report a case: a current fixed seat (chair, vice chair, member) in a body
    that decides cases and is not the secretariat or a sub-committee (the template: «both SU representatives and
    the secretariat can report cases»). Deputies and observers report through their member or the secretariat."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (Membership.objects.current().filter(person__user=user, role__in=Membership.FIXED_ROLES, body__can_decide=True,
                                                body__kind__is_secretariat=False, body__kind__is_subcommittee=False,
                                                body__kind__is_temporary=False)
            .select_related("body__partnership").order_by("body__partnership__name", "body__name"))


def may_report_cases(user):
    return reporting_memberships(user).exists()
