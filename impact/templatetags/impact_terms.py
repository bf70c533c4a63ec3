"""{% explain "route" %}: a term of the impact model with its one-line plain explanation (impact.terms)."""

from django import template

from impact.terms import TERMS, Term

register = template.Library()


@register.inclusion_tag("impact/_term.html")
def explain(key: str) -> dict[str, Term]:
    return {"entry": TERMS[key]}
