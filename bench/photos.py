"""Benchmark of arena.images.process_photo on a 12-MP phone photo.

    .venv/bin/python -m bench.photos [--runs 10] [--parallel 20]

1. Generates a realistic phone JPEG: 4000 × 3000, photographic noise and
   texture (compresses like a photo, ~4.5 MB at quality 92), EXIF orientation 6
   and GPS, written to a temporary file (Django keeps uploads over 2.5 MB in
   temporary files, so each call reads a file on disk).
2. Sequential: one warm-up call (imports Pillow's plugins), then ``--runs``
   timed calls; prints each and the median.
3. Parallel: ``--parallel`` calls started together from as many threads (as an
   ASGI server's thread pool would), with the module's default concurrency
   bound, then again with the bound lifted (every call decodes at once), for
   comparison.

Memory: each phase runs in a fresh subprocess (Django set up, Pillow imported)
and reports the peak RSS of that process: the kernel's high-water mark VmHWM
from /proc/self/status (what ``resource.getrusage().ru_maxrss`` reports too,
except that a child inherits its parent's ru_maxrss across exec: it showed the
generator's 300 MB), plus its RSS (VmRSS) just before the phase. RSS, not
tracemalloc: Pillow's pixel buffers are allocated in C, outside Python's
allocator, and memory that malloc keeps after ``free()`` counts too.

The last line is the summary: ``photos median_ms=<int> peak_mb=<int>`` with the
sequential median and the peak RSS of the bounded parallel run.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

CHILD_TIMEOUT_S = 300


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")
    import django

    django.setup()


def load_average() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def machine_info() -> str:
    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import PIL
    from PIL import features

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {cpus} CPUs ({os.cpu_count()} online), {model or 'unknown CPU'}, "
        f"Python {platform.python_version()}, Pillow {PIL.__version__} "
        f"(libjpeg-turbo {features.version('libjpeg_turbo')})"
    )


def make_phone_jpeg(path: str) -> int:
    """Write a 4000 × 3000 JPEG that compresses like a phone photo; return its size."""
    from PIL import Image

    w, h = 4000, 3000
    gx = Image.linear_gradient("L").resize((w, h))
    gy = Image.linear_gradient("L").rotate(90).resize((w, h))
    scene = Image.merge("RGB", [gx, Image.radial_gradient("L").resize((w, h)), gy])
    # Mid-frequency texture (paper, marker strokes) and sensor noise.
    texture = Image.merge(
        "RGB", [Image.effect_noise((w // 8, h // 8), 60) for _ in range(3)]
    ).resize((w, h), Image.Resampling.BICUBIC)
    noise = Image.merge("RGB", [Image.effect_noise((w, h), 30) for _ in range(3)])
    img = Image.blend(Image.blend(scene, texture, 0.5), noise, 0.25)

    exif = Image.Exif()
    exif[0x0112] = 6  # shot in portrait: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12 Pro"
    exif[0x0132] = "2026:11:14 15:42:07"
    exif.get_ifd(0x8825).update({1: "N", 2: (59.0, 54.0, 30.5), 3: "E", 4: (10.0, 45.0, 7.2)})
    img.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return os.path.getsize(path)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    # VmHWM, not ru_maxrss (see the module docstring).
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def process_file(path: str):
    from arena.images import process_photo

    with open(path, "rb") as f:
        return process_photo(f)


# --- phases (each in its own process) ------------------------------------------


def child_sequential(path: str, runs: int) -> dict:
    t = time.perf_counter()
    first = process_file(path)
    warmup_ms = (time.perf_counter() - t) * 1000
    base = rss_mb()
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        process_file(path)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {
        "warmup_ms": warmup_ms,
        "times_ms": times,
        "cpu_ms": cpu,
        "rss_before_mb": base,
        "peak_mb": peak_rss_mb(),
        "sizes": {v: len(getattr(first, v)) for v in ("web", "print", "thumb")},
    }


def child_parallel(path: str, n: int, concurrency: int | None) -> dict:
    from arena import images

    if concurrency is not None:
        images.MAX_CONCURRENCY = concurrency  # read when the first photo is processed
        images._pool = None
    # Import Pillow and its plugins before measuring (a running server has).
    from PIL import Image

    Image.init()
    base = rss_mb()
    barrier = threading.Barrier(n)

    def call(_):
        barrier.wait()
        t = time.perf_counter()
        process_file(path)
        return (time.perf_counter() - t) * 1000

    t, c = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=n) as pool:
        latencies = list(pool.map(call, range(n)))
    wall_ms = (time.perf_counter() - t) * 1000
    return {
        "wall_ms": wall_ms,
        "cpu_ms": (time.process_time() - c) * 1000,
        "latencies_ms": latencies,
        "rss_before_mb": base,
        "peak_mb": peak_rss_mb(),
        "concurrency": images._get_pool()._max_workers,
    }


def run_child(*args: str) -> dict:
    cmd = [sys.executable, "-m", "bench.photos", "--child", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="sequential timed runs (10)")
    parser.add_argument("--parallel", type=int, default=20, help="parallel uploads (20)")
    parser.add_argument("--no-unbounded", action="store_true", help="skip the unbounded run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    setup_django()

    if args.child:
        phase, path, *rest = args.child
        if phase == "sequential":
            result = child_sequential(path, int(rest[0]))
        else:
            result = child_parallel(path, int(rest[0]), int(rest[1]) if rest[1:] else None)
        print(json.dumps(result))
        return 0

    from arena import images

    print(machine_info())
    print(f"load average at start: {load_average()} (other work on the machine skews wall times)")
    print(
        f"process_photo: print {images.PRINT_SIZE} px q{images.PRINT_QUALITY}, "
        f"web {images.WEB_SIZE} px q{images.WEB_QUALITY}, thumb {images.THUMB_SIZE} px; "
        f"default concurrency bound {images.MAX_CONCURRENCY}"
    )
    with tempfile.TemporaryDirectory(prefix="arena-bench-photos-") as tmp:
        path = os.path.join(tmp, "IMG_0001.JPG")
        t = time.perf_counter()
        size = make_phone_jpeg(path)
        print(
            f"input: 4000x3000 JPEG q92, {size / 1e6:.1f} MB, EXIF orientation 6 + GPS "
            f"(generated in {time.perf_counter() - t:.1f} s)"
        )

        seq = run_child("sequential", path, str(args.runs))
        median = statistics.median(seq["times_ms"])
        print(f"\nsequential, {args.runs} runs (fresh process; warm-up {seq['warmup_ms']:.0f} ms):")
        print("  runs ms: " + " ".join(f"{t:.0f}" for t in seq["times_ms"]))
        print("  CPU ms:  " + " ".join(f"{t:.0f}" for t in seq["cpu_ms"]))
        kb = {variant: round(size / 1e3) for variant, size in seq["sizes"].items()}
        print(
            f"  median {median:.0f} ms, CPU {statistics.median(seq['cpu_ms']):.0f} ms "
            "(other load on the machine inflates it less)"
        )
        print(f"  outputs: web {kb['web']} kB, print {kb['print']} kB, thumb {kb['thumb']} kB")
        print(
            f"  RSS before {seq['rss_before_mb']:.0f} MB, peak {seq['peak_mb']:.0f} MB "
            f"(VmHWM of that process)"
        )

        runs = [("bounded (default)", run_child("parallel", path, str(args.parallel)))]
        if not args.no_unbounded:
            unbounded = run_child("parallel", path, str(args.parallel), str(args.parallel))
            runs.append(("unbounded (for comparison)", unbounded))
        for label, par in runs:
            lat = sorted(par["latencies_ms"])
            print(
                f"\n{args.parallel} uploads in parallel, {label}: "
                f"{par['concurrency']} decoding at once (fresh process):"
            )
            print(
                f"  wall {par['wall_ms']:.0f} ms (CPU {par['cpu_ms']:.0f} ms); "
                f"per upload p50 {statistics.median(lat):.0f} ms, max {lat[-1]:.0f} ms"
            )
            print(
                f"  RSS before {par['rss_before_mb']:.0f} MB, peak {par['peak_mb']:.0f} MB "
                f"(+{par['peak_mb'] - par['rss_before_mb']:.0f} MB)"
            )

    print(f"load average at end: {load_average()}")
    print(f"\nphotos median_ms={round(median)} peak_mb={round(runs[0][1]['peak_mb'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
