"""The few GitHub calls the issue-form workflow makes, kept apart so that everything else is tested offline.

`GitHub` talks to the REST API with the workflow's token; `Git` runs git in the
checkout. Tests pass fakes with the same methods.
"""

from __future__ import annotations

import base64
import json
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

API = "https://api.github.com"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
MAX_ATTACHMENT = 10 << 20  # a notice with its forms is well under this
ATTACHMENT_HOSTS = ("github.com",)  # issue attachments live under github.com/user-attachments/…


class GitHub:
    def __init__(self, repo: str, token: str, api: str = API):
        self.repo, self.token, self.api = repo, token, api

    def _call(self, method: str, path: str, body: dict | None = None):
        req = urllib.request.Request(
            f"{self.api}/repos/{self.repo}{path}", method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/vnd.github+json",
                     "X-GitHub-Api-Version": "2022-11-28", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def open_pull(self, branch: str) -> dict | None:
        owner = self.repo.split("/")[0]
        pulls = self._call("GET", f"/pulls?state=open&head={urllib.parse.quote(f'{owner}:{branch}')}")
        return pulls[0] if pulls else None

    def create_pull(self, branch: str, base: str, title: str, body: str) -> dict:
        return self._call("POST", "/pulls", {"title": title, "head": branch, "base": base, "body": body,
                                             "draft": True, "maintainer_can_modify": True})

    def comment(self, number: int, body: str) -> None:
        self._call("POST", f"/issues/{number}/comments", {"body": body})

    def run_workflow(self, workflow: str, ref: str) -> None:
        """Pull requests opened with the workflow token start no workflows; a dispatch does."""
        self._call("POST", f"/actions/workflows/{workflow}/dispatches", {"ref": ref})


class Git:
    def __init__(self, root: Path, repo: str, token: str, server: str = "https://github.com"):
        self.root, self.repo, self.token, self.server = root, repo, token, server

    def _git(self, *args: str) -> str:
        out = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True)
        return out.stdout

    def commit_to_branch(self, branch: str, paths: list[Path], message: str) -> None:
        """Commit paths on a fresh branch from the current commit and push it (replacing an earlier push)."""
        self._git("switch", "-C", branch)
        self._git("add", "--", *[str(p) for p in paths])
        self._git("-c", f"user.name={BOT[0]}", "-c", f"user.email={BOT[1]}", "commit", "-m", message)
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        self._git("-c", f"http.{self.server}/.extraheader=AUTHORIZATION: basic {basic}",
                  "push", "--force", f"{self.server}/{self.repo}.git", f"HEAD:refs/heads/{branch}")


def download(url: str, dest: Path) -> Path:
    """An issue attachment to dest (a folder); only https URLs on github.com, at most MAX_ATTACHMENT bytes."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in ATTACHMENT_HOSTS:
        raise ValueError(url)
    name = Path(urllib.parse.unquote(parts.path)).name or "attachment"
    with urllib.request.urlopen(urllib.request.Request(url), timeout=60) as resp:
        data = resp.read(MAX_ATTACHMENT + 1)
    if len(data) > MAX_ATTACHMENT:
        raise ValueError(f"{name} 超过 {MAX_ATTACHMENT >> 20} MB")
    path = dest / name
    path.write_bytes(data)
    return path
