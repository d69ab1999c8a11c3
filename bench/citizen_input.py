"""Citizen input on one core: survey answers and consultation comments through the full HTTP stack in
process (test client: middleware, CSRF off, captcha check, plain-text cleaning, sensitive-word scan with
a realistic word list, rate limit, insert), and the survey results page at many answers.
    .venv/bin/python bench/citizen_input.py --requests 300 --answers 10000
"""

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-citizen-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'citizen.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from interaction.models import SurveyResponse  # noqa: E402
from interaction.services import consultations, surveys  # noqa: E402
from sitegroup.lib.captcha import solve  # noqa: E402
from sitegroup.models import OrganisationKind, SensitiveWord  # noqa: E402
from sitegroup.services.captcha import issue  # noqa: E402
from tests.builders import make_organisation  # noqa: E402
from tests.interaction.builders import make_consultation, make_survey  # noqa: E402


def timed(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    rate = len(samples) / sum(samples)
    return f"{rate:.0f} requests/s (p50 {statistics.median(samples) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--answers", type=int, default=10000)
    parser.add_argument("--words", type=int, default=3000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    SensitiveWord.objects.bulk_create(
        SensitiveWord(word=f"禁词{number:05d}", level=1 + number % 3) for number in range(args.words)
    )
    site = make_organisation("测试县民政局", "localhost", kind=OrganisationKind.PORTAL)
    survey = make_survey(site.home_page)
    make_consultation(site.home_page)
    questions = list(survey.questions.all())
    body = "建议把农村危房改造的补助标准按房屋危险等级细分，并在村务公开栏公示补助对象名单。" * 6

    surveys.ANSWERS_PER_ADDRESS_PER_HOUR = consultations.COMMENTS_PER_ADDRESS_PER_HOUR = 10**9
    with override_settings(ALLOWED_HOSTS=["*"]):
        for label, path, extra in (
            (
                "survey answer",
                "/survey/",
                {f"q{questions[0].pk}": "城乡居民医保", f"q{questions[2].pk}": "4", f"q{questions[3].pk}": body},
            ),
            ("consultation comment", "/consultation/comment/", {"author_name": "一位村民", "body": body}),
        ):
            samples = []
            for number in range(args.requests):
                client = Client()
                challenge = issue()
                data = {**extra, "captcha_0": challenge.token, "captcha_1": solve(challenge.question)}
                started = time.perf_counter()
                response = client.post(path, data, REMOTE_ADDR=f"10.0.{number // 250}.{number % 250}")
                samples.append(time.perf_counter() - started)
                if response.status_code != 302:
                    raise SystemExit(f"{label}: HTTP {response.status_code}")
            print(f"{label} (captcha + plain text + {args.words} words + insert): {timed(samples)}")

        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                survey=survey,
                respondent_key=f"bench-{number}",
                answers={
                    str(questions[0].pk): "职工医保",
                    str(questions[1].pk): ["医保报销"],
                    str(questions[2].pk): 1 + number % 5,
                },
            )
            for number in range(args.answers)
        )
        client = Client()
        client.post("/survey/", {})  # gets the browser cookie; results are shown after the survey closes or answering
        type(survey).objects.filter(pk=survey.pk).update(closes_at=survey.opens_at)  # closed: results for all
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get("/survey/results/")
            samples.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"results: HTTP {response.status_code}")
        print(
            f"results page at {SurveyResponse.objects.count()} answers: p50 {statistics.median(samples) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
