"""`baghouz-tui serve`: the review desk over SSH (`--ssh`) or to a browser (`--web`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.commands.output import EXIT_INVALID, EXIT_USAGE
from tui.model.load import load_bundle
from tui.model.problems import BundleError
from tui.serve.child_command import Stories

_EPILOG = """\
examples:
  baghouz-tui serve --ssh 0.0.0.0:2222 --authorized-keys /etc/baghouz-tui/authorized_keys \\
      --stories /srv/stories
  baghouz-tui serve --web 8000 story.toml

authorized keys: OpenSSH's format; reviewer="Maria Lopez" before a key names whoever logs
in with it (else the key's comment, else its fingerprint). from=, expiry-time=, no-pty,
restrict and pty are honoured; command= and environment= are refused. See the README.
"""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baghouz-tui serve",
        description="Serve the review desk: each SSH connection (or browser) gets its own app.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--ssh", metavar="[HOST:]PORT", help="an SSH server (PORT alone: 127.0.0.1)")
    mode.add_argument("--web", metavar="[HOST:]PORT", help="a web server (PORT alone: 127.0.0.1)")
    parser.add_argument("bundles", nargs="*", metavar="BUNDLE", help="story bundles to serve")
    parser.add_argument("--stories", metavar="DIR",
                        help="serve every *.toml story in DIR (read again at each session)")
    ssh = parser.add_argument_group("--ssh")
    ssh.add_argument("--authorized-keys", metavar="FILE", help="the keys let in (required)")
    ssh.add_argument("--host-key", metavar="FILE",
                     help="the server's key, made on first start (default: in the user's "
                     "data folder)")
    ssh.add_argument("--max-sessions", type=_positive, default=50, metavar="N",
                     help="apps running at once (default 50)")
    ssh.add_argument("--max-sessions-per-key", type=_positive, default=5, metavar="N",
                     help="apps running at once with one key (default 5)")
    ssh.add_argument("--idle-timeout", type=_duration, default=3600.0, metavar="TIME",
                     help="end a session after TIME without a key pressed (e.g. 45m; 0: "
                     "never; default 1h)")
    ssh.add_argument("--login-timeout", type=_duration, default=30.0, metavar="TIME",
                     help="from connecting to running the app (default 30s)")
    ssh.add_argument("--max-auth-delay", type=_duration, default=8.0, metavar="TIME",
                     help="the longest wait imposed on an address whose keys keep being "
                     "refused (default 8s; 0: no slowing down)")
    web = parser.add_argument_group("--web")
    web.add_argument("--reviewer", default="web", metavar="NAME",
                     help="the name on marks made in a browser (default: web)")
    web.add_argument("--user-header", metavar="HEADER",
                     help="take each browser session's reviewer name from this request "
                     "header, set by the authenticating proxy (e.g. X-Forwarded-User); "
                     "a request without it is refused")
    web.add_argument("--public-url", metavar="URL",
                     help="the address browsers use, behind a reverse proxy (e.g. "
                     "https://desk.example.org)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _duration(text: str) -> float:
    from tui.serve.limits import parse_duration

    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_address(text: str) -> tuple[str, int]:
    """"2222" -> 127.0.0.1; "host:2222"; "[::1]:2222"; ":2222" -> every address."""
    if text.isdigit():
        host, port = "127.0.0.1", text
    elif text.startswith("["):
        host, _, port = text[1:].partition("]:")
    else:
        host, _, port = text.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        raise ValueError(f"not [HOST:]PORT: {text!r}")
    return host, int(port)


_SSH_ONLY = ("authorized_keys", "host_key", "max_sessions", "max_sessions_per_key",
             "idle_timeout", "login_timeout", "max_auth_delay")
_WEB_ONLY = ("reviewer", "user_header", "public_url")


def run(argv: Sequence[str]) -> int:
    options = parser()
    args = options.parse_args(argv)
    wrong = _WEB_ONLY if args.ssh else _SSH_ONLY
    given = [name for name in wrong if getattr(args, name) != options.get_default(name)]
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        return _usage(f"{flags}: only with {'--web' if args.ssh else '--ssh'}")
    try:
        host, port = parse_address(args.ssh or args.web)
    except ValueError as error:
        return _usage(str(error))
    if args.stories and args.bundles:
        return _usage("give BUNDLE... or --stories DIR, not both")
    stories = _stories(args.bundles, args.stories)
    if isinstance(stories, int):
        return stories
    if args.web:
        return _web(args, host, port, stories)
    if not args.authorized_keys:
        return _usage("--ssh needs --authorized-keys FILE")
    return _ssh(args, host, port, stories)


def _usage(message: str) -> int:
    print(f"baghouz-tui serve: {message}", file=sys.stderr)
    return EXIT_USAGE


def _stories(bundles: list[str], folder: str | None) -> Stories | int:
    """The Stories to serve, every bundle checked now; or an exit code."""
    if folder is not None:
        path = Path(folder).resolve()
        if not path.is_dir():
            return _usage(f"--stories {folder}: not a folder")
        if not any(path.glob("*.toml")):
            print(f"baghouz-tui serve: {folder} holds no *.toml story yet", file=sys.stderr)
        return Stories(folder=path)
    paths = []
    for bundle in bundles:
        try:
            load_bundle(bundle)
        except BundleError as error:
            for problem in error.problems:
                print(problem.format(), file=sys.stderr)
            print(f"baghouz-tui serve: not started: {bundle} is not a valid story",
                  file=sys.stderr)
            return EXIT_INVALID
        paths.append(Path(bundle).resolve())
    return Stories(bundles=tuple(paths))


def _ssh(args: argparse.Namespace, host: str, port: int, stories: Stories) -> int:
    from tui.serve.backoff import BackoffPolicy
    from tui.serve.limits import ServeLimits
    from tui.serve.ssh_server import SSHConfig, run_ssh

    if args.host_key:
        host_key = Path(args.host_key)
    else:
        import platformdirs

        host_key = Path(platformdirs.user_data_dir("baghouz-tui")) / "ssh_host_ed25519_key"
    limits = ServeLimits(
        max_sessions=args.max_sessions,
        max_sessions_per_key=args.max_sessions_per_key,
        idle_timeout=args.idle_timeout,
        login_timeout=max(args.login_timeout, 1.0),
        backoff=BackoffPolicy(max_delay=args.max_auth_delay),
    )
    config = SSHConfig(host, port, Path(args.authorized_keys), host_key, stories, limits)
    return run_ssh(config)


def _web(args: argparse.Namespace, host: str, port: int, stories: Stories) -> int:
    from tui.serve.web import WebConfig, run_web

    config = WebConfig(host, port, stories, args.reviewer, args.public_url, args.user_header)
    return run_web(config, dict(os.environ))
