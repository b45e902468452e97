"""Moved to :mod:`dlxh.templating.limits` (this name is deprecated)."""

from dlxh.render._moved import alias

alias(__name__)
