"""The arithmetic of an anchoring round (tilslutning), as pure functions (no database access).

A decision is sent to each party's own body (the municipal councils, the HF board). Constitution may
happen only when all councils and the HF board have treated it; a state grant needs two thirds of the
municipalities. A party may join with a reservation that is itself a condition, such as Tana's «at
least two thirds of the municipalities also join»: `tally_answers` says whether each such condition is
now satisfied. Answers joined with a reservation count as joined (the party has joined). A conditional
answer counts as joined only once its condition holds without counting the party itself (otherwise
«we join if two thirds join» would help satisfy its own condition); until then the tally shows it as
conditional. Conditions may depend on one another, so they are checked until nothing more changes. A share stored with four decimals is read with half a unit of rounding
to spare, so 0,6667 means two thirds (12 of 18 is enough).
"""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from bodies.models import Party

from .models import AnchoringAnswer

Response = AnchoringAnswer.Response
Condition = AnchoringAnswer.Condition

JOINED_RESPONSES = (Response.JOINED, Response.JOINED_WITH_RESERVATION)
TWO_THIRDS = Fraction(2, 3)
SHARE_ROUNDING = Fraction(1, 20000)  # half of the fourth decimal
REMIND_WITHIN_DAYS = 14


@dataclass(frozen=True)
class ConditionStatus:
    """One conditional answer and whether its condition is satisfied by the answers so far."""

    answer: object
    party: object
    condition: str
    value: object
    satisfied: bool
    description: str

    @property
    def counts_as_joined(self):
        """A conditional answer counts as joined once its condition holds (without counting itself)."""
        return self.satisfied


@dataclass(frozen=True)
class AnchoringTally:
    """Counts per answer, thresholds among the municipalities, the HF, conditions and reminders."""

    counts: dict
    municipalities_total: int
    municipalities_joined: int
    two_thirds_met: bool
    all_met: bool
    hf_total: int
    hf_joined: bool
    population_total: int
    population_joined: int
    conditions: tuple
    to_remind: tuple
    deadline_passed: bool
    all_treated: bool
    municipalities_conditional: int = 0  # joined on a condition that does not hold yet: not counted as joined
    threshold: str = ""  # the round's own threshold among its municipalities (count, share, all, population share)
    threshold_value: object = None
    threshold_met: bool | None = None  # None when the round has no threshold
    threshold_description: str = ""
    other_parties: tuple = ()  # (party, joined) for each party in the round that is not a municipality: the HF, a private hospital, …

    @property
    def population_share(self):
        if not self.population_total:
            return Fraction(0)
        return Fraction(self.population_joined, self.population_total)

    @property
    def two_thirds_needed(self):
        """The fewest municipalities that make two thirds (12 of 18), in whole numbers: the smallest n with n/total ≥ 2/3."""
        return -(-self.municipalities_total * TWO_THIRDS.numerator // TWO_THIRDS.denominator)

    @property
    def short_of_two_thirds(self):
        """How many more municipalities must join for two thirds."""
        return max(0, self.two_thirds_needed - self.municipalities_joined)

    @property
    def short_of_all(self):
        """How many municipalities have not (yet) joined."""
        return self.municipalities_total - self.municipalities_joined

    @property
    def constitution_possible(self):
        """All municipal councils and the HF board have joined."""
        return self.all_met and self.hf_joined


def share_met(part, whole, value):
    """Whether part/whole reaches the share `value` (a Decimal such as 0.6667), allowing for its rounding."""
    if not whole:
        return False
    return Fraction(part, whole) >= Fraction(Decimal(value)) - SHARE_ROUNDING


def condition_satisfied(condition, value, *, joined, total, population_joined, population_total, own=False):
    """Whether a condition holds with `joined` of `total` municipalities (and their population) joined.

    `joined` must not count the party whose condition it is; `own` says that party is itself one of the
    `total` municipalities, so «all the municipalities» then means all the others.
    """
    if condition == Condition.COUNT:
        return value is not None and joined >= int(value)
    if condition == Condition.SHARE:
        return value is not None and share_met(joined, total, value)
    if condition == Condition.ALL:
        return total > 0 and joined >= total - (1 if own else 0)
    if condition == Condition.POPULATION_SHARE:
        return value is not None and share_met(population_joined, population_total, value)
    return True


def _describe(condition, value, *, joined, total, population_joined, population_total):
    if condition == Condition.COUNT:
        return _("Minst %(value)s kommuner: %(joined)s av %(total)s har sluttet seg til.") % {
            "value": int(value or 0), "joined": joined, "total": total}
    if condition == Condition.SHARE:
        share = Fraction(Decimal(value or 0)).limit_denominator(100)
        return _("Minst %(share)s av kommunene: %(joined)s av %(total)s har sluttet seg til.") % {
            "share": f"{share.numerator}/{share.denominator}", "joined": joined, "total": total}
    if condition == Condition.ALL:
        return _("Alle kommunene: %(joined)s av %(total)s har sluttet seg til.") % {"joined": joined, "total": total}
    if condition == Condition.POPULATION_SHARE:
        percent = Decimal(value or 0) * 100
        return _("Minst %(percent)s %% av befolkningen: %(joined)s av %(total)s innbyggere bor i kommuner som har sluttet seg til.") % {
            "percent": f"{percent:.0f}", "joined": population_joined, "total": population_total}
    return ""


def _is_municipal(answer):
    return answer.party.kind == Party.Kind.MUNICIPALITY


def _figures(joined_answers, municipal):
    joined_municipal = [a for a in joined_answers if _is_municipal(a)]
    return {
        "joined": len(joined_municipal), "total": len(municipal),
        "population_joined": sum(a.party.population or 0 for a in joined_municipal),
        "population_total": sum(a.party.population or 0 for a in municipal),
    }


def _joined_answers(answers, municipal):
    """The answers that count as joined: the unconditional ones, then each conditional one whose condition
    holds without counting itself, repeated until no more conditions come to hold."""
    joined = [a for a in answers if a.response in JOINED_RESPONSES and not a.condition]
    waiting = [a for a in answers if a.response in JOINED_RESPONSES and a.condition]
    changed = True
    while changed:
        changed = False
        for answer in list(waiting):
            if condition_satisfied(answer.condition, answer.condition_value, own=_is_municipal(answer), **_figures(joined, municipal)):
                joined.append(answer)
                waiting.remove(answer)
                changed = True
    return joined, waiting


def tally_answers(answers, *, deadline, today, remind_within_days=REMIND_WITHIN_DAYS, threshold="", threshold_value=None):
    """Tally a round's answers (objects with party, response, condition, condition_value).

    Parties need `kind`, and municipalities `population` (None counts as 0). `threshold` and
    `threshold_value` are the round's own requirement among the municipalities it was sent to (a count, a
    share, all of them, or a share of their population); `threshold_met` says whether the answers reach it.
    Every other party in the round (the HF board, a private hospital's board, …) is listed in `other_parties`
    with whether it has joined.
    """
    answers = list(answers)
    counts = {response: 0 for response in Response.values}
    for answer in answers:
        counts[answer.response] = counts.get(answer.response, 0) + 1

    municipal = [a for a in answers if _is_municipal(a)]
    joined_answers, waiting = _joined_answers(answers, municipal)
    figures = _figures(joined_answers, municipal)
    total, joined = figures["total"], figures["joined"]
    joined_ids = {id(a) for a in joined_answers}
    trusts = [a for a in answers if a.party.kind == Party.Kind.HEALTH_TRUST]

    def without(answer):
        """The figures as the answer's condition sees them: without the answer itself."""
        return _figures([a for a in joined_answers if a is not answer], municipal)

    conditions = tuple(
        ConditionStatus(
            answer=a, party=a.party, condition=a.condition, value=a.condition_value,
            satisfied=id(a) in joined_ids,
            description=_describe(a.condition, a.condition_value, **without(a)),
        )
        for a in answers
        if a.condition and a.response in JOINED_RESPONSES
    )
    near = deadline - timedelta(days=remind_within_days)
    to_remind = ()
    if today >= near:
        to_remind = tuple(a.party for a in answers if a.response == Response.NOT_ANSWERED)

    threshold_met, threshold_description = None, ""
    if threshold:
        threshold_met = condition_satisfied(threshold, threshold_value, **figures)
        threshold_description = _describe(threshold, threshold_value, **figures)
    other_parties = tuple((a.party, id(a) in joined_ids) for a in answers if not _is_municipal(a))

    return AnchoringTally(
        threshold=threshold or "",
        threshold_value=threshold_value,
        threshold_met=threshold_met,
        threshold_description=threshold_description,
        other_parties=other_parties,
        counts=counts,
        municipalities_total=total,
        municipalities_joined=joined,
        two_thirds_met=total > 0 and Fraction(joined, total) >= TWO_THIRDS,
        all_met=total > 0 and joined == total,
        hf_total=len(trusts),
        hf_joined=bool(trusts) and all(id(a) in joined_ids for a in trusts),
        population_total=figures["population_total"],
        population_joined=figures["population_joined"],
        conditions=conditions,
        to_remind=to_remind,
        deadline_passed=today > deadline,
        all_treated=all(a.response != Response.NOT_ANSWERED for a in answers),
        municipalities_conditional=sum(1 for a in waiting if _is_municipal(a)),
    )
