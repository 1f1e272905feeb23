"""Reading an answer's sources back from an AppTest chat message (they are one block of <details>)."""
from __future__ import annotations

import re

_SOURCE = re.compile(r'<details class="src"><summary>(.*?)</summary>(.*?)</details>')


def sources(message) -> list[tuple[str, str]]:
    """(summary HTML, body HTML) of each source listed under the answer in ``message``."""
    return [m for md in message.markdown for m in _SOURCE.findall(md.value)]
