"""The installed package: where it is, what it exports, its docs."""

import importlib.metadata
import inspect
import os
import sysconfig

import integration_keys
from integration_keys import _native


def test_imported_from_the_installed_wheel() -> None:
    site_packages = os.path.realpath(sysconfig.get_paths()["purelib"])
    here = os.path.realpath(integration_keys.__file__)
    assert here.startswith(site_packages + os.sep), here
    assert os.path.realpath(_native.__file__).startswith(site_packages + os.sep)
    assert os.path.exists(os.path.join(os.path.dirname(here), "py.typed"))
    assert os.path.exists(os.path.join(os.path.dirname(here), "_native.pyi"))


def test_version_matches_the_distribution() -> None:
    assert integration_keys.__version__ == importlib.metadata.version("integration-keys")
    assert integration_keys.__version__.count(".") == 2


def test_everything_exported_has_a_docstring() -> None:
    for name in integration_keys.__all__:
        if name == "__version__":
            continue
        value = getattr(integration_keys, name)
        assert inspect.getdoc(value), name
    for cls in (integration_keys.Client, integration_keys.IntegrationKey):
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            assert inspect.getdoc(member), f"{cls.__name__}.{name}"
    assert "keyword" in (integration_keys.Client.__doc__ or "").lower()


def test_names_and_modules() -> None:
    assert integration_keys.Client.__module__ == "integration_keys"
    assert integration_keys.NotFoundError.__module__ == "integration_keys"
    assert repr(integration_keys.NotFoundError("x")) == "NotFoundError('x')"
