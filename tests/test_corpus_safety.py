"""Every corpus message either parses or raises a MaintParseException: never a crash."""

import pytest
from corpus_paths import CORPUS

import mnp_core

CASES = sorted(CORPUS.glob("*/*/message.eml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CASES, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_parses_or_raises_typed_error(path):
    try:
        message = mnp_core.parse_email(path.read_bytes())
    except mnp_core.MaintParseException:
        return
    assert message.events
    for event in message.events:
        assert event.begin_window.tzinfo is not None
