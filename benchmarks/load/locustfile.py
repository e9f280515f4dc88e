"""Load test: advisers and residents using KMB at the same time, through its real pages.

Two kinds of simulated users (locust, https://locust.io):

* ``Adviser`` — staff of the generated offices (``manage.py generate_volume --password …``).
  Each logs in through the login form (CSRF token from the page, as a browser sends it),
  each from a different office (``vol001-poradce01``, ``vol002-poradce01``, …), then opens
  the dashboard, searches clients by surname, opens a client with the timeline, records a
  consultation and a task through their forms, estimates the client's benefits (the form
  filled from the client's household, then saved), looks at the consultation and task
  lists, and now and then logs out and in again.
* ``Resident`` — an anonymous visitor of the public portal: walks the navigator step by
  step to its result and looks up the competent contact point in the finder.

Every answer is checked: a form sent must be accepted (a redirect to the saved record, not
the form again with errors), a page must not be the login page or an error page. Anything
else counts as a failure. Requests are named by kind ("client detail", "record
consultation", …), so the statistics come per kind, not per URL.

Prepare a database with ``benchmarks/load/prepare.sh``, start ``manage.py serve`` on it (the
README's "Load test" part gives the commands and the figures measured), then, from the
repository root::

    nice .venv/bin/locust -f benchmarks/load/locustfile.py --headless \\
        -H http://127.0.0.1:8040 -u 50 -r 5 -t 5m --csv var/load/pg --only-summary

Environment: ``KMB_LOAD_PASSWORD`` (the password given to ``generate_volume``, default
``kmb-load-test``), ``KMB_LOAD_OFFICES`` (how many generated offices to draw advisers
from, default 132), ``KMB_LOAD_ADVISERS`` (advisers per office to use, default 2).
Only the loopback interface is accepted as host.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import re
import threading
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = os.environ.get("KMB_LOAD_PASSWORD", "kmb-load-test")
OFFICES = int(os.environ.get("KMB_LOAD_OFFICES", "132"))
ADVISERS = int(os.environ.get("KMB_LOAD_ADVISERS", "2"))
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

CLIENT_LINK = re.compile(r'href="/staff/clients/([0-9a-f-]{36})/"')
ESTIMATE_LINK = re.compile(r"/staff/benefits/estimates/([0-9a-f-]{36})/")


def _surnames() -> list[str]:
    """The most frequent Czech surnames (both forms), what advisers type into the search."""
    with open(ROOT / "src/kmb/demo/data/surnames.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:60]
    return [row[form] for row in rows for form in ("male", "female")]


SURNAMES = _surnames()

# The navigator as residents walk it (municipality codes of the ČSÚ code list: 554782
# Praha, 500186 Praha 7, 582786 Brno, 563889 Liberec, 554804 Ostrava, 554791 Plzeň).
NAVIGATOR_WALKS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("navigator: step", "/navigator/"),
     ("navigator: step", "/navigator/?step=threat&housing=rented&threat=arrears"),
     ("navigator: step", "/navigator/?housing=rented&threat=notice&step=threat"
                         "&answered=threat"),
     ("navigator: place search", "/navigator/?housing=rented&threat=notice&when=month"
                                 "&step=municipality&answered=municipality&place=praha"),
     ("navigator: step", "/navigator/?housing=rented&threat=notice&when=month"
                         "&municipality=554782&step=municipality"),
     ("navigator: step", "/navigator/?housing=rented&threat=notice&when=month"
                         "&municipality=554782&district=500186&step=household"),
     ("navigator: result", "/navigator/result/?housing=rented&threat=notice&when=month"
                           "&municipality=554782&district=500186&household=children"
                           "&income=under_20k&benefits=no")),
    (("navigator: step", "/navigator/"),
     ("navigator: place search", "/navigator/?housing=none&step=municipality"
                                 "&answered=municipality&place=brno"),
     ("navigator: step", "/navigator/?housing=none&municipality=582786&district=unknown"
                         "&step=household"),
     ("navigator: result", "/navigator/result/?housing=none&municipality=582786"
                           "&district=unknown&household=alone&income=none")),
    (("navigator: step", "/navigator/"),
     ("navigator: place search", "/navigator/?housing=rented&threat=debts&when=no_risk"
                                 "&step=municipality&answered=municipality&place=ostrava"),
     ("navigator: result", "/navigator/result/?housing=rented&threat=debts&when=no_risk"
                           "&municipality=554804&household=partner&income=under_35k"
                           "&benefits=unknown")),
)
FINDER_SEARCHES = ("praha", "brno", "liberec", "ostrava", "plzeň", "olomouc", "most",
                   "kladno", "jihlava", "zlín", "opava", "karviná")
FINDER_PLACES = ("554782", "582786", "563889", "554804", "554791", "500496")


class _Forms(HTMLParser):
    """The forms of a page with the values a browser would send without touching them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"),
                               "fields": [], "choices": {}})
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
                return
            form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected = self._option
            self._select[1].append((self._option_text.strip() if value is None else value,
                                    selected))
            self._option = None
        elif tag == "select" and self._select is not None and self.forms:
            name, options = self._select
            form = self.forms[-1]
            form["choices"][name] = [v for v, _s in options]
            chosen = [v for v, s in options if s] or [v for v, _s in options[:1]]
            form["fields"].extend((name, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self.forms:
            self.forms[-1]["fields"].append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def page_form(html: str, has_field: str) -> dict | None:
    """The page's first form with a field named ``has_field``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        names = {n for n, _v in form["fields"]} | set(form["choices"])
        if has_field in names:
            return form
    return None


def with_values(form: dict, **values) -> list[tuple[str, str]]:
    """The form's fields with some replaced (a list value sends the name several times)."""
    fields = [(n, v) for n, v in form["fields"] if n not in values]
    for name, value in values.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            fields.append((name, str(item)))
    return fields


_next_login = itertools.count()
_login_lock = threading.Lock()


def next_login() -> str:
    """A different adviser for each simulated user, each from another office first."""
    with _login_lock:
        n = next(_next_login)
    office = n % OFFICES + 1
    adviser = (n // OFFICES) % ADVISERS + 1
    return f"vol{office:03d}-poradce{adviser:02d}"


@events.init.add_listener
def _loopback_only(environment, **_kwargs):
    host = environment.host or ""
    if host and urlsplit(host).hostname not in LOOPBACK:
        raise SystemExit("The load test runs only against a server on 127.0.0.1.")


class Adviser(HttpUser):
    """An adviser of a contact point at work: search, clients, consultations, tasks."""

    weight = 3
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.username = next_login()
        self.clients: list[str] = []
        self.log_in()

    # -- helpers -------------------------------------------------------------------

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def log_in(self) -> None:
        with self.client.get("/accounts/login/", name="login page",
                             catch_response=True) as page:
            form = page_form(page.text, "username")
            if form is None:
                page.failure("no login form")
                return
        data = with_values(form, username=self.username, password=PASSWORD)
        with self.client.post("/accounts/login/", data=data, name="log in",
                              allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 302 or "/accounts/" in answer.headers.get("Location", ""):
                answer.failure(f"login of {self.username} refused ({answer.status_code})")

    def staff_get(self, path: str, name: str, must_contain: str | None = None):
        with self.client.get(path, name=name, catch_response=True,
                             allow_redirects=False) as page:
            if page.status_code != 200:
                page.failure(f"{page.status_code} {page.headers.get('Location', '')}")
            elif must_contain and must_contain not in page.text:
                page.failure(f"{must_contain!r} missing")
            return page

    def send_form(self, path: str, data, name: str, expect: str):
        """POST a form; it must be accepted: a redirect to ``expect``."""
        with self.client.post(path, data=data, name=name, allow_redirects=False,
                              headers={"Referer": self.host + path},
                              catch_response=True) as answer:
            location = answer.headers.get("Location", "")
            if answer.status_code != 302 or expect not in location:
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{0,120})', answer.text)
                answer.failure(f"{answer.status_code} {location} {errors[:3]}")
            return answer

    def a_client(self) -> str | None:
        if not self.clients:
            page = self.client.post("/staff/clients/", name="client list",
                                    data={"csrfmiddlewaretoken": self.csrf()},
                                    headers={"Referer": self.host + "/staff/clients/"})
            self.clients = CLIENT_LINK.findall(page.text)
        return random.choice(self.clients) if self.clients else None

    # -- what an adviser does -----------------------------------------------------

    @task(3)
    def dashboard(self) -> None:
        self.staff_get("/staff/", "dashboard")

    @task(6)
    def search(self) -> None:
        self.staff_get("/staff/clients/", "client list")
        with self.client.post("/staff/clients/", name="client search",
                              data={"q": random.choice(SURNAMES),
                                    "csrfmiddlewaretoken": self.csrf()},
                              headers={"Referer": self.host + "/staff/clients/"},
                              catch_response=True) as page:
            if page.status_code != 200:
                page.failure(str(page.status_code))
                return
            found = CLIENT_LINK.findall(page.text)
        if found:
            self.clients = (found + self.clients)[:50]

    @task(6)
    def open_client(self) -> None:
        client = self.a_client()
        if client:
            self.staff_get(f"/staff/clients/{client}/", "client detail")

    @task(3)
    def record_consultation(self) -> None:
        client = self.a_client()
        if not client:
            return
        path = f"/staff/clients/{client}/consultations/new/"
        page = self.staff_get(path, "consultation form")
        form = page_form(page.text, "topics") if page.status_code == 200 else None
        if form is None:
            return
        topics = random.sample(form["choices"]["topics"], k=min(2, len(form["choices"]
                                                                         ["topics"])))
        data = with_values(form, topics=topics, duration_minutes=random.choice([15, 30, 45]),
                           advice="Projednána výpověď z nájmu a možnosti dávek na bydlení.",
                           notes="Zátěžový test.")
        self.send_form(path, data, "record consultation", f"/staff/clients/{client}/")

    @task(2)
    def add_task(self) -> None:
        client = self.a_client()
        if not client:
            return
        path = f"/staff/clients/{client}/tasks/new/"
        page = self.staff_get(path, "task form")
        form = page_form(page.text, "title") if page.status_code == 200 else None
        if form is None:
            return
        due = date.today() + timedelta(days=random.randint(1, 30))
        data = with_values(form, title="Ověřit podání žádosti o příspěvek na bydlení",
                           due_date=due.isoformat())
        self.send_form(path, data, "add task", f"/staff/clients/{client}/")

    @task(2)
    def estimate_benefits(self) -> None:
        client = self.a_client()
        if not client:
            return
        path = f"/staff/benefits/clients/{client}/new/"
        page = self.staff_get(path, "estimate form")
        form = page_form(page.text, "rent") if page.status_code == 200 else None
        if form is None:
            return
        current = dict(form["fields"])
        values = {"rent": current.get("rent") or random.choice([9000, 12000, 16000]),
                  "services": current.get("services") or 2500,
                  "energy": current.get("energy") or 2200}
        if not current.get("district"):
            values["district"] = random.choice([c for c in form["choices"]["district"] if c])
        for name, value in current.items():  # members without an age or a birth date
            if re.fullmatch(r"m-\d+-age", name) and not value and \
                    not current.get(name.replace("-age", "-birth_date")):
                values[name] = 40
        answer = self.send_form(path, with_values(form, **values), "save estimate",
                                "/staff/benefits/estimates/")
        location = answer.headers.get("Location", "")
        if ESTIMATE_LINK.search(location):
            self.staff_get(location, "estimate detail")

    @task(2)
    def consultation_list(self) -> None:
        self.staff_get("/staff/consultations/", "consultation list")

    @task(2)
    def task_list(self) -> None:
        self.staff_get("/staff/tasks/", "task list")

    @task(1)
    def log_out_and_in(self) -> None:
        self.client.post("/accounts/logout/", name="log out",
                         data={"csrfmiddlewaretoken": self.csrf()},
                         headers={"Referer": self.host + "/staff/"})
        self.clients = []
        self.log_in()


class Resident(HttpUser):
    """A resident on the public portal: the navigator and the contact-point finder."""

    weight = 2
    wait_time = between(2, 8)

    def public_get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as page:
            if page.status_code != 200:
                page.failure(str(page.status_code))

    @task(3)
    def navigator(self) -> None:
        for name, path in random.choice(NAVIGATOR_WALKS):
            self.public_get(path, name)

    @task(2)
    def finder(self) -> None:
        self.public_get("/contact-points/", "finder")
        if random.random() < 0.5:
            self.public_get(f"/contact-points/?q={random.choice(FINDER_SEARCHES)}",
                            "finder: search")
        else:
            self.public_get(f"/contact-points/?municipality={random.choice(FINDER_PLACES)}",
                            "finder: municipality")

    @task(1)
    def landing(self) -> None:
        self.public_get("/", "portal landing")
