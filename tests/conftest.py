"""Shared pytest fixtures."""

import pytest

# --- gazetteer fixtures, used by tests/test_gazetteer.py and tests/test_geocoding.py
# Building the offline gazetteer index takes ~20 s, so one index is built per test session into
# a temporary COOPMAP_CACHE_DIR and shared. While the fixture is active, COOPMAP_CACHE_DIR points
# there and coopmap.gazetteer.default_gazetteer() returns this gazetteer. It is autouse so
# that no test (the seed's, the CLI's) builds an index in the user's real cache.


@pytest.fixture(scope="session", autouse=True)
def gazetteer(tmp_path_factory):
    """The offline gazetteer, built once per session into a temporary cache directory."""
    from coopmap import gazetteer as gazetteer_module

    cache_dir = tmp_path_factory.mktemp("coopmap-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COOPMAP_CACHE_DIR", str(cache_dir))
        patch.setattr(gazetteer_module, "_default", None)
        opened = gazetteer_module.default_gazetteer()
        yield opened
        opened.close()


# --- end of gazetteer fixtures
