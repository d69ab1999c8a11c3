"""External link checks: bounded, polite, retried only when the failure may pass."""

import threading

from sitegroup.lib.linkcheck import check_links


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.lock = threading.Lock()
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        with self.lock:
            self.sleeps.append(seconds)
            self.now += seconds


def test_statuses_retries_and_errors():
    answers = {"https://a.example/ok": [200], "https://a.example/gone": [404], "https://b.example/flaky": [503, 200]}
    calls = []

    def fetch(url, timeout):
        calls.append(url)
        if url == "https://c.example/down":
            raise OSError("refused")
        return answers[url].pop(0)

    fake = FakeClock()
    results = {
        result.url: result
        for result in check_links(
            [*answers, "https://c.example/down", "mailto:x@example.com", "https://a.example/ok"],
            fetch=fetch,
            retries=2,
            per_host_delay=0,
            clock=fake.clock,
            sleep=fake.sleep,
        )
    }
    assert not results["https://a.example/ok"].is_broken
    assert results["https://a.example/gone"].error == "HTTP 404" and results["https://a.example/gone"].attempts == 1
    assert not results["https://b.example/flaky"].is_broken and results["https://b.example/flaky"].attempts == 2
    assert results["https://c.example/down"].is_broken and results["https://c.example/down"].attempts == 3
    assert "mailto:x@example.com" not in results
    assert calls.count("https://a.example/ok") == 1  # duplicates checked once


def test_requests_to_one_host_are_spaced_by_the_delay():
    fake = FakeClock()
    starts = []

    def fetch(url, timeout):
        starts.append(fake.now)
        return 200

    urls = [f"https://same.example/{number}" for number in range(4)]
    check_links(urls, fetch=fetch, per_host_delay=2.0, concurrency=4, clock=fake.clock, sleep=fake.sleep)
    starts.sort()
    assert all(later - earlier >= 2.0 for earlier, later in zip(starts, starts[1:], strict=False))


def test_cap_per_run():
    results = check_links(
        [f"https://h{number}.example/" for number in range(10)], fetch=lambda url, timeout: 200, max_links=3
    )
    assert len(results) == 3
