from django import template
from django.utils.safestring import SafeString, mark_safe

from core import contributions

register = template.Library()


@register.simple_tag(takes_context=True)
def contributed(context: template.Context, slot: str, subject: object) -> SafeString:
    """Renders the sections other apps contribute to this slot of the page (core.contributions), as {% include %}
    would: in the page's own context (user, perms, request), with the section's context on top."""
    parts = []
    assert context.template is not None  # a tag renders inside a template
    for section in contributions.sections(slot, context["request"], subject):
        section_template = context.template.engine.get_template(section.template)
        with context.push(section.context):
            parts.append(section_template.render(context))
    return mark_safe("".join(parts))  # noqa: S308 - each part is an autoescaped template's output
