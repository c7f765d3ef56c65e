"""Where the project and the shared corpus are (the corpus is optional)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_CASES = sorted(CORPUS.glob("*/*/message.eml")) if CORPUS.is_dir() else []
