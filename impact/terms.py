"""The impact model's words in plain language: one short explanation per term, the same wherever the public first
meets the term (programme pages, the model page, the route explorer, the impact report)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    term: Promise
    explanation: Promise


TERMS = {
    "impact_model": Term(
        _("Impact model"),
        _(
            "how the network describes what its work brings about. Like a stone in a pond, an activity makes "
            "ripples in three rings: what it brings about straight away, what changes between people afterwards, "
            "and what stays in the city."
        ),
    ),
    "dimension": Term(
        _("Dimension"),
        _("one part of a ring, such as meeting people or starting something new together. Each ring has a few."),
    ),
    "ring1": Term(
        _("First-degree impact"),
        _("what an activity brings about straight away: who came, what they thought of it and what they learned."),
    ),
    "ring2": Term(
        _("Second-degree impact"),
        _(
            "what changes afterwards between people and organisations: they know each other better, work together "
            "and do things differently."
        ),
    ),
    "ring3": Term(
        _("Third-degree impact"),
        _(
            "what stays in the city in the long run: in how people live together, in the economy and in how "
            "education is organised."
        ),
    ),
    "route": Term(
        _("Impact route"),
        _(
            "the path along which an ambition wants to make a difference: one chosen part on each ring, from what "
            "an activity brings about straight away to what stays in the city."
        ),
    ),
    "reasoning_line": Term(
        _("Reasoning line"),
        _(
            "a short chain of steps that explains how an activity makes a difference: this happened, so that "
            "changed, and that helps towards a lasting effect. Each step says what shows it."
        ),
    ),
    "coverage": Term(
        _("Coverage"),
        _(
            "how many routes and reasoning steps are about each part of the impact model, and how much evidence "
            "backs them. A 0 shows what nobody has looked at yet."
        ),
    ),
}
