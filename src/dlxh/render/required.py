"""What ``render_document`` needs from a template besides the package: dlxh's named styles.

``render_document`` writes the body, the appendices and the header's rules with the styles the
template builder installs ("DLXH Body", "DLXH Heading 1", "DLXH Rule"...), and sizes the rules
after the header's styles. A template made in Word without them (any .docx) used to fail deep
inside python-docx with ``KeyError: "no style with name 'DLXH Body'"``; it is refused up front
instead, naming the styles it lacks. :meth:`Template.render` itself needs none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlxh.errors import TemplateError

if TYPE_CHECKING:
    from dlxh.templating.template import Template

__all__ = ["REQUIRED_STYLES", "require_styles"]

REQUIRED_STYLES = (
    *("DLXH Body", "DLXH Heading 1", "DLXH Heading 2", "DLXH Heading 3", "DLXH Heading 4"),
    *("DLXH List", "DLXH Article", "DLXH Legal Basis", "DLXH Addressee", "DLXH Authority"),
    *("DLXH Decides", "DLXH Header Parent", "DLXH Header Issuer", "DLXH Star"),
    *("DLXH Header Number", "DLXH Header Subject", "DLXH National Title", "DLXH Motto"),
    *("DLXH Place Date", "DLXH Rule", "DLXH Type", "DLXH Summary", "DLXH Dashes"),
    *("DLXH Signature Authority", "DLXH Signature Title", "DLXH Signer Name"),
    *("DLXH Recipients Label", "DLXH Recipients", "DLXH Table Text", "DLXH Table Header"),
    *("DLXH Caption", "DLXH Picture", "DLXH Appendix Title", "DLXH Appendix Subtitle"),
    *("DLXH Appendix Note", "DLXH Page Number", "Table Grid"),
)
"""Every style the template builder installs (:mod:`dlxh.render.styles`), and the table style
the body's tables use; a test keeps the list equal to what the builder writes."""

_SHOWN = 5


def require_styles(template: Template) -> None:
    """Refuse, with a :class:`~dlxh.errors.TemplateError` naming the template and the missing
    styles, a template that ``render_document`` cannot write with."""
    have = template.style_ids()  # itself a TemplateError when the template cannot be compiled
    missing = [name for name in REQUIRED_STYLES if name not in have]
    if not missing:
        return
    shown = ", ".join(missing[:_SHOWN]) + (", …" if len(missing) > _SHOWN else "")
    raise TemplateError(
        f"{template.name}: not a dlxh template: it lacks {len(missing)} of the styles dlxh "
        f"writes with ({shown}); start from a shipped or built template (dlxh templates build) "
        "and keep its styles"
    )
