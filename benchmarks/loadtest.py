"""Load and fault test against gunicorn + PostgreSQL, only on 127.0.0.1, bounded in time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hf_load .venv/bin/python benchmarks/loadtest.py [--fault] [--users 50] [--seconds 60]

It prepares the database (migrations, demo structure, a small synthetic partnership, three users), starts
gunicorn on 127.0.0.1:8765 with the production settings, and runs N concurrent users for S seconds,
mixing public reads, member reads and secretariat writes (reporting a case through the form). With
--fault it restarts PostgreSQL a third of the way in and measures how long the app takes to answer
again. At the end it checks that every write the app acknowledged (a redirect after POST) is in the
database, and prints throughput, p50/p95 latency and errors (also to benchmarks/loadtest.json).
"""
import argparse
import http.cookiejar
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
PASSWORD = "lasttest-passord-2026"
SECRET_KEY = "loadtest-" + uuid.uuid4().hex


def server_env():
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.prod", "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost", "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
        "DB_CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
    })
    return env


def prepare():
    """Migrate, load the structure and a small synthetic partnership, and create the three users."""
    env = server_env()
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    script = f"""
from bodies.models import Partnership
from demo.synthetic import Plan, generate
if not Partnership.objects.filter(slug="syntetisk-1").exists():
    generate(Plan(partnerships=1, municipalities=18, years=3, items_per_meeting=10), log=lambda *a: None)
from benchmarks.pages import bench_users, main_pages
p = Partnership.objects.get(slug="syntetisk-1")
users = bench_users(p)
for u in users.values():
    u.set_password({PASSWORD!r}); u.save()
pages, ctx = main_pages(p)
import json
print(json.dumps({{"users": {{k: u.username for k, u in users.items()}}, "pages": [[pg.name, pg.url, pg.user] for pg in pages],
                   "report_url": "/saker/syntetisk-1/meld/"}}))
"""
    out = subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(workers):
    cmd = [sys.executable, "-m", "gunicorn", "helsefellesskap.wsgi:application", "--bind", f"{HOST}:{PORT}",
           "--workers", str(workers), "--threads", "4", "--worker-class", "gthread", "--timeout", "30", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env())
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/helse/", timeout=1)
            return proc
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn svarte ikke")


class User:
    def __init__(self, role, username):
        self.role = role
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        if username:
            self.login(username)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
        try:
            with self.opener.open(req, timeout=15) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def form_fields(self, html):
        return dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))

    def login(self, username):
        status, html = self.request("/logg-inn/")
        fields = self.form_fields(html)
        status, _ = self.request("/logg-inn/", {**fields, "username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"innlogging feilet for {username}: {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_307 = http_error_302


def run(args):
    info = prepare()
    server = start_server(args.workers)
    stop_at = time.monotonic() + args.seconds
    lock = threading.Lock()
    samples, errors, acknowledged = [], [], []
    reads = {role: [url for _name, url, user in info["pages"] if user == role] for role in ("anonymous", "member", "secretariat")}
    fault = {}

    def worker(n):
        rng = random.Random(n)
        role = "anonymous" if n % 10 < 6 else "member" if n % 10 < 8 else "secretariat"
        try:
            user = User(role, info["users"].get(role))
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            with lock:
                errors.append(f"login {role}: {exc}")
            return
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                if role == "secretariat" and rng.random() < 0.5:
                    status, html = user.request(info["report_url"])
                    title = f"Lasttest {uuid.uuid4().hex[:12]}"
                    status, _ = user.request(info["report_url"], {**user.form_fields(html), "title": title, "case_type": "decision"})
                    if status == 302:
                        with lock:
                            acknowledged.append(title)
                else:
                    status, _ = user.request(rng.choice(reads[role]))
                ok = status in (200, 302)
            except Exception as exc:  # noqa: BLE001
                status, ok = repr(exc)[:80], False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                samples.append((time.monotonic(), elapsed, ok))
                if not ok:
                    errors.append(str(status))

    def restart_postgres():
        time.sleep(args.seconds / 3)
        cluster = sorted(os.listdir("/etc/postgresql"))[0]
        fault["restart_at"] = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
        fault["postgres_back_at"] = time.monotonic()
        while time.monotonic() < stop_at:
            try:
                if urllib.request.urlopen(f"{BASE}/helse/", timeout=2).status == 200:
                    fault["app_back_at"] = time.monotonic()
                    return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.users)]
    if args.fault:
        threads.append(threading.Thread(target=restart_postgres))
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.monotonic() - began
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

    check = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                            "import json,sys; from cases.models import Case; titles=json.load(sys.stdin); "
                            "found=set(Case.objects.filter(title__in=titles).values_list('title', flat=True)); "
                            "print(len([t for t in titles if t not in found]))"],
                           cwd=ROOT, env=server_env(), input=json.dumps(acknowledged), capture_output=True, text=True, check=True)
    missing = int(check.stdout.strip().splitlines()[-1])
    latencies = sorted(s[1] for s in samples)
    result = {
        "users": args.users, "seconds": round(duration, 1), "requests": len(samples),
        "throughput_rps": round(len(samples) / duration, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "errors": len(errors), "error_kinds": sorted(set(errors))[:10],
        "writes_acknowledged": len(acknowledged), "acknowledged_writes_missing": missing,
    }
    if args.fault and "restart_at" in fault:
        result["postgres_restart_s"] = round(fault["postgres_back_at"] - fault["restart_at"], 1)
        result["app_answers_again_s_after_postgres"] = round(fault.get("app_back_at", stop_at) - fault["postgres_back_at"], 2)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    out = ROOT / "benchmarks" / ("faulttest.json" if args.fault else "loadtest.json")
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--fault", action="store_true", help="restart PostgreSQL during the run")
    result = run(parser.parse_args())
    sys.exit(1 if result["acknowledged_writes_missing"] else 0)
