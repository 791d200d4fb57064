"""What a web process does before its first request (newsreader/warm.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REPORT = """
import gc, json, sys
import newsreader.wsgi
views = "articles.views.library" in sys.modules
print(json.dumps({"frozen": gc.get_freeze_count(), "views": views}))
"""


def test_the_web_process_loads_its_views_and_sets_them_aside_from_the_collector():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment["SECRET_KEY"] = "tests-only"
    done = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["views"]
    # Django, the views, readability and lxml: a full collection no longer walks them.
    assert report["frozen"] > 50_000
