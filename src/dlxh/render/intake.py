"""Moved to :mod:`dlxh.templating.intake` (this name is deprecated)."""

from dlxh.render._moved import alias

alias(__name__)
