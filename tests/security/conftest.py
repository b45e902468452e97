"""The hostile-input suite: templates, data, documents, batches and signals that try to harm.

The shared helpers of the test suite (``cli_runner``, ``docx_inspect``) live one folder up.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
