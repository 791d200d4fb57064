"""docker-compose.yml, .env.example and the settings agree on the configuration variables.

No container engine runs on the development machines, so this is how the deployment files are
kept honest: every variable the code reads is documented, and nothing is configured that the
code ignores.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"")
# Read by the postgres image, not by newsreader.
DATABASE_IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def variables_read_by_code() -> set[str]:
    names = set()
    for path in [*ROOT.glob("newsreader/**/*.py"), *ROOT.glob("articles/**/*.py")]:
        names |= set(ENV_READ.findall(path.read_text()))
    return names | {"DATABASE_URL"}


def variables_documented() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_variable_the_code_reads_is_documented():
    assert variables_read_by_code() - variables_documented() == set()


def test_every_documented_variable_is_read():
    assert variables_documented() - variables_read_by_code() - DATABASE_IMAGE_VARIABLES == set()


def test_compose_sets_only_variables_the_services_read():
    services = compose()["services"]
    for name in ("web", "worker"):
        assert set(services[name]["environment"]) <= variables_read_by_code(), name
        assert services[name]["env_file"] == ".env"
    assert set(services["db"]["environment"]) <= DATABASE_IMAGE_VARIABLES


def test_compose_runs_the_web_process_and_the_worker_on_a_healthy_database():
    services = compose()["services"]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert "healthcheck" in services["db"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert any("pgdata" in volume for volume in services["db"]["volumes"])


def test_the_image_migrates_on_start_and_serves_with_threads():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "migrate --no-input" in dockerfile
    assert "--worker-class gthread" in dockerfile
    assert "pip install ." in dockerfile and "[dev]" not in dockerfile
