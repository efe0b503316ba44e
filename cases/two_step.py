"""The two-step rule (totrinnsbehandling): a case is decided only after it was discussed at an earlier meeting.

The cases layer knows no meeting: the caller passes the start of the decision meeting, and each discussion
handling carries `held_at`, the start of the meeting it was discussed at (copied by the meetings services).
"""
from django.utils.translation import gettext_lazy

from .models import Handling

MSG_NOT_DISCUSSED = gettext_lazy(
    "Saken kan ikke settes opp til beslutning i %(body)s før den er drøftet i %(discussion_body)s "
    "i et tidligere møte (totrinnsbehandling)."
)


def two_step_problem(*, case, body, before=None):
    """Why `case` may not be decided in `body` at a meeting starting at `before`, or None if it may.

    With the partnership's two-step rule and a discussion body set for `body`, the case must have been
    discussed (outcome «drøftet») in the discussion body at a meeting that started before `before`
    (any discussion counts when `before` is None).
    """
    if not body.partnership.two_step_rule or body.discussion_body_id is None:
        return None
    discussed = case.handlings.filter(body_id=body.discussion_body_id, outcome=Handling.Outcome.DISCUSSED)
    if before is not None:
        discussed = discussed.filter(held_at__lt=before)
    if discussed.exists():
        return None
    return MSG_NOT_DISCUSSED % {"body": body, "discussion_body": body.discussion_body}
