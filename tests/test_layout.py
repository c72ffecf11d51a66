"""The package layout keeps its promises: the pipeline never imports evaluation or faces."""

import subprocess
import sys


def test_pipeline_imports_neither_evaluation_nor_faces():
    code = (
        "import sys\n"
        "import roleatlas.pipeline.run, roleatlas.pipeline.dedup_run\n"
        "import roleatlas.pipeline.extract.learned, roleatlas.pipeline.extract.link_esco\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('roleatlas.evaluate',"
        " 'roleatlas.cli', 'roleatlas.api', 'roleatlas.web', 'roleatlas.train')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_stages_are_packages():
    import roleatlas.pipeline.extract as extract
    import roleatlas.pipeline.normalize as normalize

    assert hasattr(normalize, "__path__") and hasattr(extract, "__path__")
    assert callable(normalize.normalize_posting) and callable(extract.extract_text)
