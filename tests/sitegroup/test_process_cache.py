"""ProcessCache: built once, rebuilt in every process after another one invalidates."""

from sitegroup.services.process_cache import ProcessCache


def test_built_once_and_rebuilt_after_another_process_invalidates():
    builds = []
    here = ProcessCache("test:process-cache", lambda: builds.append("here") or len(builds))
    there = ProcessCache("test:process-cache", lambda: "there")  # the same key in another process
    assert here.get() == 1 and here.get() == 1
    there.invalidate()
    assert here.get() == 2
    assert builds == ["here", "here"]
