"""Built-in document hooks: the Vietnamese filters.

There is no built-in ``dlxh_render_document``: with no implementation the renderer never builds
python-docx's object of a rendered document, which would cost more than the render itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dlxh.hookspecs import hookimpl


@hookimpl
def dlxh_register_filters(register: Callable[[str, Callable[..., Any]], None]) -> None:
    # imported when filters are asked for: loading plugins (dlxh check does) needs no renderer
    from dlxh.templating.environment import FILTERS  # noqa: PLC0415

    for name, function in FILTERS.items():
        register(name, function)
