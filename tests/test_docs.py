"""The documentation stays true: every hook documented with its exact signature, the site
builds with ``--strict``, the schema page is the model's, and the plugin tutorial, followed
step by step, gives a carrier package whose tests pass."""

from __future__ import annotations

import inspect
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
from corpus_paths import ROOT

import mnp_core
from mnp_core import hookspecs

DOCS = ROOT / "docs"
HOOKS_PAGE = DOCS / "plugins" / "hooks.md"
TUTORIAL = DOCS / "plugins" / "tutorial.md"
CHECKOUT_LINE = "MNP=~/src/mnp    # a checkout of mnp"

# ---------------------------------------------------------------------------- hooks


def hook_signatures(module: types.ModuleType) -> dict[str, str]:
    """``name(args)`` of every function in ``module`` marked as a hookspec of project mnp."""
    return {
        name: f"{name}{inspect.signature(function)}"
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if hasattr(function, "mnp_spec")
    }


def documented_hooks(page: str) -> dict[str, str]:
    """``### name(args)`` headings of the hook reference, by name."""
    return {m.group(1): m.group(0)[4:].strip() for m in re.finditer(r"^### (\w+)\(.*\)\s*$", page, re.MULTILINE)}


def hook_reference_problems(module: types.ModuleType, page: str) -> list[str]:
    specs, documented = hook_signatures(module), documented_hooks(page)
    problems = [f"{sig}: not documented" for name, sig in specs.items() if name not in documented]
    problems += [
        f"{sig}: documented as {documented[name]}"
        for name, sig in specs.items()
        if name in documented and documented[name] != sig
    ]
    problems += [f"{doc}: documented, but no such hook" for name, doc in documented.items() if name not in specs]
    return problems


def test_every_hookspec_is_in_the_hook_reference_with_its_exact_signature():
    assert hook_signatures(hookspecs), "found no hookspecs: is the mnp_spec marker still how they are marked?"
    assert hook_reference_problems(hookspecs, HOOKS_PAGE.read_text()) == []


def test_the_hook_check_finds_a_missing_a_changed_and_a_stale_hook():
    fake = types.ModuleType("fake_hookspecs")

    @hookspecs.hookspec
    def register_parsers(register, options):
        """Grew an argument."""

    @hookspecs.hookspec
    def register_widgets(register):
        """Not documented."""

    fake.register_parsers, fake.register_widgets = register_parsers, register_widgets
    page = "### register_parsers(register)\n\n### register_gadgets(register)\n"
    assert hook_reference_problems(fake, page) == [
        "register_widgets(register): not documented",
        "register_parsers(register, options): documented as register_parsers(register)",
        "register_gadgets(register): documented, but no such hook",
    ]


# ----------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def test_the_site_builds_strictly_with_every_page_of_the_nav(site):
    config = (ROOT / "mkdocs.yml").read_text()
    pages = re.findall(r":\s*([\w/.-]+\.md)\s*$", config, re.MULTILINE)
    assert len(pages) >= 15
    for page in pages:
        assert (DOCS / page).is_file(), page
        built = site / (page.removesuffix(".md").removesuffix("index") + "/index.html").lstrip("/")
        assert built.is_file(), built
    # mkdocstrings rendered the API reference from the docstrings
    api = (site / "library" / "api" / "index.html").read_text()
    assert 'id="mnp_core.parse_email"' in api and "Raises only" in api
    toolkit = (site / "plugins" / "toolkit" / "index.html").read_text()
    for name in mnp_core.toolkit.__all__:
        assert f'id="mnp_core.toolkit.{name}"' in toolkit, name


def test_the_schema_is_exported_from_the_model_at_build_time(site):
    expected = mnp_core.MaintMessageObj.model_json_schema(by_alias=True, mode="serialization")
    published = json.loads((site / "schema" / "maint-message.schema.json").read_text())
    assert {k: v for k, v in published.items() if k != "$schema"} == expected
    page = (site / "library" / "schema" / "index.html").read_text()
    assert "mnp:schema" not in page
    for name in expected["$defs"]["MaintForecastEvent"]["properties"]:
        assert f"&quot;{name}&quot;" in page, name
    assert not list(DOCS.rglob("*.json")), "the schema must not be a file kept by hand"


def test_quick_start_begins_with_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL).group(1)
    quick = re.search(r"```sh\n(.*?)```", (DOCS / "quickstart.md").read_text(), re.DOTALL).group(1)
    assert quick.splitlines()[:2] == first_block.splitlines()[:2]


def test_every_configuration_key_is_documented():
    from mnp_pipeline.config import sections, variable_name

    page = (DOCS / "operators" / "configuration.md").read_text()
    for section, model in sections().items():
        for key in model.model_fields:
            assert f"`[{section}] {key}`" in page and f"`{variable_name(section, key)}`" in page, (section, key)


# ------------------------------------------------------------------- the tutorial


def tutorial_steps(text: str) -> list[tuple[str, str, str]]:
    """The tutorial's steps in page order: ``("file", path, content)`` for a code block right
    after a line ending in ```path`:``, ``("sh", "", script)`` for a ``sh`` block."""
    steps = []
    block = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
    for match in block.finditer(text):
        language, body = match.group(1), match.group(2)
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        caption = re.search(r"`([\w./-]+)`:$", before)
        if caption:
            steps.append(("file", caption.group(1), body))
        elif language == "sh":
            steps.append(("sh", "", body))
    return steps


def _clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without this checkout's virtual environment or mnp settings."""
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT", "CONDA_PREFIX"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("MNP_")}
    return {**env, **extra}


def test_the_tutorial_produces_a_working_carrier_package(tmp_path):
    text = TUTORIAL.read_text()
    assert text.count(CHECKOUT_LINE) == 1, "the tutorial's checkout line changed: update CHECKOUT_LINE"
    steps = tutorial_steps(text)
    files = [path for kind, path, _ in steps if kind == "file"]
    assert {
        "mnp-vendor-acme/pyproject.toml",
        "mnp-vendor-acme/src/mnp_vendor_acme/__init__.py",
        "mnp-vendor-acme/tests/test_acme.py",
        "mnp-vendor-acme/tests/emails/planned.eml",
        "mnp-vendor-acme/CHANGELOG.md",
    } <= set(files)
    env = _clean_env()
    outputs = []
    for kind, path, body in steps:
        if kind == "file":
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body)
            continue
        script = body.replace(CHECKOUT_LINE, f"MNP={shlex.quote(str(ROOT))}")
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
        )
        assert result.returncode == 0, f"step failed:\n{body}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        outputs.append(result.stdout)

    package = tmp_path / "mnp-vendor-acme"
    project = tomllib.loads((package / "pyproject.toml").read_text())["project"]
    assert any(re.fullmatch(r"mnp-core>=[\d.]+", d) for d in project["dependencies"])
    snapshot = json.loads((package / "tests" / "emails" / "planned.json").read_text())
    assert snapshot["parser"] == "mnp-vendor-acme 1.0.0"
    assert [e["parsedVendorCircuitId"] for e in snapshot["events"]] == ["ACME-100234", "ACME-100235"]
    assert {e["maintenanceId"] for e in snapshot["events"]} == {"AF-2025-0142"}
    assert any(re.search(r"^4 passed", out, re.MULTILINE) for out in outputs), outputs
    # installed apart from this checkout: the parser was found through its entry point
    listing = subprocess.run(
        [str(tmp_path / ".venv" / "bin" / "mnp"), "plugins", "--json"], env=env, capture_output=True, text=True
    )
    parsers = {p["name"]: p["distribution"] for p in json.loads(listing.stdout)["parsers"]}
    assert parsers.get("acme") == "mnp-vendor-acme"
    assert not any(d.startswith("mnp-vendor-") and d != "mnp-vendor-acme" for d in parsers.values())


def test_tutorial_steps_are_read_in_page_order():
    page = (
        "Write `pkg/a.py`:\n\n```python\nA = 1\n```\n\n"
        "Some text.\n\n```sh\necho hi\n```\n\n```text\nignored output\n```\n"
    )
    assert tutorial_steps(page) == [("file", "pkg/a.py", "A = 1\n"), ("sh", "", "echo hi\n")]
