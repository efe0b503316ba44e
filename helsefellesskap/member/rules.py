"""What a member may do on their own pages, asked in one place (the pages and their tests ask these)."""
from bodies.models import reporting_bodies_q
from members.models import Membership


def reporting_memberships(user):
    """The seats from which the user may report a case: a current fixed seat (chair, vice chair, member) in a body
    whose fixed members may report (Body.fixed_members_may_report: the body's own setting, else a body that decides
    and is not the secretariat or a sub-committee — the template: «both SU representatives and the secretariat can
    report cases»). Deputies and observers report through their member or the secretariat."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (Membership.objects.current().filter(reporting_bodies_q("body__"), person__user=user, role__in=Membership.FIXED_ROLES)
            .select_related("body__partnership").order_by("body__partnership__name", "body__name"))


def is_reporting_seat(membership):
    """The rule of reporting_memberships for one current seat whose body and body kind are loaded."""
    return membership.role in Membership.FIXED_ROLES and membership.body.fixed_members_may_report


def may_report_cases(user, current_memberships=None):
    """Whether the user may report cases; from the user's current seats when the page has them already."""
    if current_memberships is not None:
        return any(is_reporting_seat(m) for m in current_memberships)
    return reporting_memberships(user).exists()
