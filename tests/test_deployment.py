"""docker-compose.yml, the Dockerfile, .env.example and the code agree.

SECURITY.md, “Deployment”.

No container engine runs on the development machines, so the deployment files are read here:
compose and the image start every process through deploy/entrypoint.sh, which
tests/test_deployment_run.py runs on the host; every variable they use is documented, and
nothing is configured that the code ignores. A user who fills in .env.example as it says gets
a web process that can log in to compose's database.
"""

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = "/app/deploy/entrypoint.sh"
ENV_READ = re.compile(r"env_(?:str|bool|int|list)\(\s*[\"']([A-Z0-9_]+)[\"']")
SHELL_READ = re.compile(r"\$\{?([A-Z][A-Z0-9_]+)")
COMPOSE_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)")
INNERMOST_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(?:(:-|:\?)([^${}]*))?\}")
# Read by the postgres image, not by newsreader.
DATABASE_IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def variables_read_by_code() -> set[str]:
    names = set()
    for path in [
        *ROOT.glob("newsreader/**/*.py"),
        *ROOT.glob("articles/**/*.py"),
        *ROOT.glob("deploy/*.py"),
    ]:
        names |= set(ENV_READ.findall(path.read_text()))
    names |= set(SHELL_READ.findall((ROOT / "deploy/entrypoint.sh").read_text()))
    return names | {"DATABASE_URL"}


def documented() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {name: value for name, value in pairs}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(text: str, env: dict[str, str]) -> str:
    """What docker compose makes of ${VAR}, ${VAR:-default} and ${VAR:?error} with this .env."""

    def value(match):
        name, operator, argument = match.groups()
        if env.get(name):
            return env[name]
        assert operator != ":?", f"compose refuses to start without {name}"
        return argument if operator == ":-" else ""

    # Innermost first: ${DATABASE_URL:-postgresql://...${POSTGRES_PASSWORD}@db...}
    while (done := INNERMOST_VARIABLE.sub(value, text)) != text:
        text = done
    return text


def dockerfile_instruction(name: str) -> str:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    found = [line.split(" ", 1)[1] for line in lines if line.startswith(f"{name} ")]
    assert len(found) == 1, name
    return found[0]


def test_every_variable_the_code_reads_is_documented():
    assert variables_read_by_code() - set(documented()) == set()


def test_every_documented_variable_is_read():
    assert set(documented()) - variables_read_by_code() - DATABASE_IMAGE_VARIABLES == set()


def test_compose_uses_only_documented_variables():
    used = set(COMPOSE_VARIABLE.findall((ROOT / "docker-compose.yml").read_text()))
    assert used <= set(documented())


def test_compose_sets_only_variables_the_services_read():
    services = compose()["services"]
    for name in ("web", "worker"):
        assert set(services[name]["environment"]) <= variables_read_by_code(), name
        assert services[name]["env_file"] == ".env"
    assert set(services["db"]["environment"]) <= DATABASE_IMAGE_VARIABLES


def test_filling_in_the_example_reaches_compose_s_own_database():
    """The trap of old: .env.example set DATABASE_URL, and a user who changed only
    POSTGRES_PASSWORD got a web process that could not log in and restarted forever."""
    env = documented() | {"POSTGRES_PASSWORD": "s3cretPassw0rd"}
    assert env["DATABASE_URL"] == ""
    db = compose()["services"]["db"]["environment"]
    for name in ("web", "worker"):
        url = interpolate(compose()["services"][name]["environment"]["DATABASE_URL"], env)
        user, database = interpolate(db["POSTGRES_USER"], env), interpolate(db["POSTGRES_DB"], env)
        assert url == f"postgresql://{user}:s3cretPassw0rd@db:5432/{database}"


def test_the_image_starts_every_process_through_the_entrypoint_as_a_user():
    assert yaml.safe_load(dockerfile_instruction("ENTRYPOINT")) == [ENTRYPOINT]
    assert yaml.safe_load(dockerfile_instruction("CMD")) == ["web"]
    assert dockerfile_instruction("USER") != "root"
    text = (ROOT / "Dockerfile").read_text()
    assert text.index("USER ") < text.index("ENTRYPOINT ")
    assert "pip install ." not in text and "[dev]" not in text  # the code is installed once
    assert (ROOT / "deploy/entrypoint.sh").stat().st_mode & 0o111


def test_compose_runs_the_entrypoint_for_web_and_worker_with_health_checks():
    services = compose()["services"]
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]
    for name in ("web", "worker"):
        assert services[name]["build"] == "."
        assert "entrypoint" not in services[name]  # the image's: deploy/entrypoint.sh
        assert services[name]["healthcheck"]["test"] == ["CMD", ENTRYPOINT, "healthcheck", name]
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    for service in services.values():
        assert service["restart"] == "unless-stopped"
    assert services["db"]["volumes"] == ["pgdata:/var/lib/postgresql"]
    assert "pgdata" in compose()["volumes"]


def test_the_entrypoint_serves_with_the_gunicorn_configuration():
    script = (ROOT / "deploy/entrypoint.sh").read_text()
    serve = next(line for line in script.splitlines() if "gunicorn" in line and "exec" in line)
    assert shlex.split(serve) == [
        "exec", "gunicorn", "--config", "deploy/gunicorn.conf.py", "newsreader.wsgi"
    ]  # fmt: skip
    assert "migrate --no-input" in script and "staticfiles.json" in script


def test_nothing_secret_or_local_goes_into_the_image():
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".env", ".venv", ".pgdata", ".git", "staticfiles"):
        assert entry in ignored, entry
    assert "!.env.example" in ignored
