"""The README's commands are the ones CI and users run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)


def test_readme_has_two_commands_and_ci_runs_the_test_one():
    install_run, install_test = readme_commands()[:2]
    assert "requirements.txt" in install_run and "streamlit run serve.py" in install_run
    assert "pytest" in install_test
    assert install_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_runtime_requirements_are_pinned():
    lines = [ln for ln in (ROOT / "requirements.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    assert lines and all("==" in ln for ln in lines)
