from pathlib import Path

import pytest

from roleatlas.errors import ConfigError
from roleatlas.settings import SETTINGS, resolve_settings

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_use_platform_dir():
    settings = resolve_settings({})
    assert settings.home.name == "roleatlas"
    assert settings.batch_size == 500


def test_environment_then_explicit_value(tmp_path):
    env = {"ROLEATLAS_HOME": str(tmp_path / "env"), "ROLEATLAS_BATCH_SIZE": "50"}
    assert resolve_settings(env).home == tmp_path / "env"
    assert resolve_settings(env).batch_size == 50
    assert resolve_settings(env, home=str(tmp_path / "flag")).home == tmp_path / "flag"


def test_invalid_values_name_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="ROLEATLAS_BATCH_SIZE.*integer.*'many'"):
        resolve_settings({"ROLEATLAS_BATCH_SIZE": "many"})
    with pytest.raises(ConfigError, match="Unknown setting 'colour'"):
        resolve_settings({}, colour="red")
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(ConfigError, match="not a directory"):
        resolve_settings({}, home=str(file))


def test_every_setting_is_documented():
    docs = (ROOT / "docs" / "cli.md").read_text()
    for setting in SETTINGS:
        assert setting.help
        assert f"ROLEATLAS_{setting.name.upper()}" in docs, setting.name
