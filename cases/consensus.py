"""The consensus check at a decision, as a pure function (no database access).

A decision in a partnership body binds the parties only at consensus: both sides present with at least
one voting member each, the body's quorum met, members declared disqualified left out, and nobody
disagreeing. Observers' positions are recorded but never counted. The service
`cases.services.case_record_decision` collects the participants and positions and calls
`consensus_reached`; the case page can call it too, to show why a decision cannot be made yet.
"""
import math
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from bodies.models import Side
from members.models import Membership

from .models import Position

DECIDING_SIDES = (Side.SPECIALIST, Side.MUNICIPAL)


@dataclass(frozen=True)
class Participant:
    """Someone who met at the item: their seat's side, whether they vote, and why they might not count."""

    key: object
    name: str
    side: str
    votes: bool
    observer: bool = False
    disqualified: bool = False
    left: bool = False
    parties: tuple = ()  # the party keys the participant represents (read where the body checks consensus per party)

    @property
    def counted(self):
        return self.votes and not self.observer and not self.disqualified and not self.left

    @classmethod
    def from_membership(cls, membership, *, substitute_for=None, disqualified=False, left=False, votes=None):
        """Build from a (possibly unsaved) Membership; who votes is `Membership.rights_at_meeting`."""
        observer = membership.role == Membership.Role.OBSERVER
        if votes is None:
            votes = membership.rights_at_meeting(substitute_for=substitute_for).vote
        key = membership.pk if membership.pk is not None else id(membership)
        try:
            name = str(membership.person)
        except ObjectDoesNotExist:
            name = ""
        return cls(key=key, name=name, side=membership.side, votes=votes, observer=observer,
                   disqualified=disqualified, left=left)


@dataclass(frozen=True)
class ConsensusResult:
    """Whether the decision binds, and if not, why (messages in Norwegian)."""

    reached: bool
    reasons: tuple = ()
    counted: tuple = ()
    missing_sides: tuple = ()
    quorum_required: int = 0
    present_voting: int = 0
    disagreeing: tuple = ()
    reservations: tuple = ()  # (participant, reservation text)
    without_position: tuple = ()
    observer_positions: tuple = ()  # (participant, stance, reservation text)
    left_out: tuple = field(default=())  # disqualified or left before the item

    @property
    def quorum_met(self):
        return self.present_voting >= self.quorum_required


def quorum_required(voting_seats, quorum_percent):
    """The number of voting members that must be present: the body's share of its voting seats, rounded up."""
    return math.ceil(voting_seats * quorum_percent / 100)


def consensus_reached(*, participants, positions, voting_seats, quorum_percent, sides=DECIDING_SIDES, required_parties=None):
    """Check consensus among `participants` given their `positions`.

    `participants` are `Participant`s (everyone present at the item, observers included); `positions`
    are objects with `membership_id`, `stance` and `reservation` (unsaved `Position`s do), keyed by the
    participant's key. `voting_seats` is the number of voting fixed seats in the body on the meeting day.
    `required_parties` ({party key: name}), where the body checks consensus per party: each of those parties
    (the HF and each private hospital on the specialist side, say) must be present through a counted participant
    who represents it, not just each side.
    A counted participant who recorded no position is listed in `without_position` but does not block:
    the rule is that nobody disagrees.
    """
    by_key = {p.membership_id: p for p in positions}
    counted = tuple(p for p in participants if p.counted)
    left_out = tuple(p for p in participants if p.votes and not p.observer and (p.disqualified or p.left))
    reasons = []

    present_sides = {p.side for p in counted}
    missing_sides = tuple(side for side in sides if side not in present_sides)
    for side in missing_sides:
        reasons.append(_("Ingen med stemmerett fra siden «%(side)s» er til stede.") % {"side": Side(side).label})

    if required_parties:
        present_parties = {key for p in counted for key in p.parties}
        for key, name in required_parties.items():
            if key not in present_parties:
                reasons.append(_("Ingen med stemmerett for parten «%(party)s» er til stede.") % {"party": name})

    required = quorum_required(voting_seats, quorum_percent)
    if len(counted) < required:
        reasons.append(
            _("Organet er ikke beslutningsdyktig: %(present)s av minst %(required)s medlemmer med stemmerett er til stede.")
            % {"present": len(counted), "required": required}
        )

    disagreeing, reservations, without_position = [], [], []
    for participant in counted:
        position = by_key.get(participant.key)
        if position is None:
            without_position.append(participant)
        elif position.stance == Position.Stance.DISAGREE:
            disagreeing.append(participant)
        elif position.stance == Position.Stance.AGREE_WITH_RESERVATION:
            reservations.append((participant, position.reservation))
    if disagreeing:
        reasons.append(_("Uenig: %(names)s.") % {"names": ", ".join(p.name or str(p.key) for p in disagreeing)})

    observer_positions = tuple(
        (p, by_key[p.key].stance, by_key[p.key].reservation) for p in participants if p.observer and p.key in by_key
    )
    return ConsensusResult(
        reached=not reasons,
        reasons=tuple(reasons),
        counted=counted,
        missing_sides=missing_sides,
        quorum_required=required,
        present_voting=len(counted),
        disagreeing=tuple(disagreeing),
        reservations=tuple(reservations),
        without_position=tuple(without_position),
        observer_positions=observer_positions,
        left_out=left_out,
    )
