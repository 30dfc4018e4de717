#!/usr/bin/env python3
"""Time Fluent Bit tail -> s3 on one input file (the peer of `logdump bench dump --end-to-end --fluent-bit`).

  run.py --bin FB --input FILE --compression gzip|zstd --s3-endpoint http://127.0.0.1:PORT \
         --bucket NAME --access KEY --secret SECRET [--bucket-dir DIR] [--timeout S]

Starts Fluent Bit (t=0), polls /api/v1/metrics every 0.2 s until the s3 output has processed
(buffered) as many records as the input has lines, sends SIGTERM so out_s3 uploads what it still
holds, and stops the clock when the process exits. Prints one JSON line:
  {"seconds", "mb_per_s", "lines", "cpu_s", "max_rss_mb"}   (MB = 10^6 bytes; mb_per_s is input
bytes / seconds; cpu_s is Fluent Bit's user+sys; max_rss_mb its peak RSS in 10^6 bytes).
It measures only: it checks nothing in the bucket and starts no S3 server (--bucket-dir just
mkdir -p's the bucket's directory, e.g. for S3Proxy's filesystem backend). It signals only the
Fluent Bit process it started, by PID. Exits 1 with a message on stderr if Fluent Bit dies early
or does not finish within --timeout.
"""
import argparse, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

CONF = """[SERVICE]
    Flush             0.2
    Grace             30
    Log_Level         info
    HTTP_Server       On
    HTTP_Listen       127.0.0.1
    HTTP_Port         {port}

[INPUT]
    Name              tail
    Path              {input}
    Tag               bench
    Read_from_Head    On
    Refresh_Interval  1
    Buffer_Chunk_Size 1M
    Buffer_Max_Size   1M
    Mem_Buf_Limit     64MB
    File_Cache_Advise Off

[OUTPUT]
    Name              s3
    Match             *
    bucket            {bucket}
    region            us-east-1
    endpoint          {endpoint}
    use_put_object    On
    compression       {compression}
    total_file_size   50M
    upload_timeout    60s
    s3_key_format     /logs/%Y/%m/%d/%H_$UUID.{ext}
    log_key           log
    store_dir         {store}
"""

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def count_lines(path):
    n = 0
    with open(path, "rb", buffering=0) as f:
        while True:
            b = f.read(1 << 24)
            if not b: break
            n += b.count(b"\n")
    return n  # tail emits only newline-terminated lines; a final partial line is not counted

def processed(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/metrics", timeout=2) as r:
            m = json.load(r)
        return sum(v.get("proc_records", 0) for v in m.get("output", {}).values())
    except (OSError, ValueError):
        return None

def log_tail(path, n=15):
    try: return "".join(open(path, errors="replace").readlines()[-n:])
    except OSError: return ""

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True); ap.add_argument("--input", required=True)
    ap.add_argument("--compression", required=True, choices=["gzip", "zstd"])
    ap.add_argument("--s3-endpoint", required=True); ap.add_argument("--bucket", required=True)
    ap.add_argument("--access", required=True); ap.add_argument("--secret", required=True)
    ap.add_argument("--bucket-dir"); ap.add_argument("--timeout", type=float, default=1800)
    a = ap.parse_args()
    if a.bucket_dir: os.makedirs(a.bucket_dir, exist_ok=True)
    size, lines = os.path.getsize(a.input), count_lines(a.input)
    work = tempfile.mkdtemp(prefix="fbrun-")
    port = free_port()
    conf = os.path.join(work, "fluent-bit.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(port=port, input=os.path.abspath(a.input), bucket=a.bucket, endpoint=a.s3_endpoint,
                            compression=a.compression, ext="gz" if a.compression == "gzip" else "zst",
                            store=os.path.join(work, "store")))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID=a.access, AWS_SECRET_ACCESS_KEY=a.secret)
    log = os.path.join(work, "fluent-bit.log")
    t0 = time.monotonic()
    proc = subprocess.Popen([a.bin, "-c", conf], stdout=open(log, "wb"), stderr=subprocess.STDOUT, env=env)
    status = ru = None
    try:
        deadline = t0 + a.timeout
        while True:
            pid, st, r = os.wait4(proc.pid, os.WNOHANG)
            if pid:  # exited before all records were processed
                proc.returncode = 0
                sys.exit(f"run.py: fluent-bit exited early (status {st}); log {log}:\n{log_tail(log)}")
            n = processed(port)
            if n is not None and n >= lines: break
            if time.monotonic() > deadline:
                sys.exit(f"run.py: timeout after {a.timeout}s ({n} of {lines} records); log {log}:\n{log_tail(log)}")
            time.sleep(0.2)
        t_acc = time.monotonic() - t0
        os.kill(proc.pid, signal.SIGTERM)
        left = max(1.0, deadline - time.monotonic())
        while True:  # wait for exit (out_s3 uploads its buffer on shutdown)
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid: break
            if time.monotonic() - t0 > t_acc + left:
                sys.exit(f"run.py: fluent-bit did not exit after SIGTERM; log {log}:\n{log_tail(log)}")
            time.sleep(0.02)
        secs = time.monotonic() - t0
        proc.returncode = 0
    finally:
        if proc.returncode is None:  # only the process we started, by PID
            try: os.kill(proc.pid, signal.SIGKILL); os.waitpid(proc.pid, 0)
            except (ProcessLookupError, ChildProcessError): pass
            proc.returncode = -9
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        print(f"run.py: note: fluent-bit exit status {status}; log {log}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"seconds": round(secs, 3), "mb_per_s": round(size / 1e6 / secs, 1), "lines": lines,
                      "cpu_s": round(ru.ru_utime + ru.ru_stime, 2), "max_rss_mb": round(ru.ru_maxrss * 1024 / 1e6, 1)}))
    print(f"run.py: all records accepted at {t_acc:.2f}s, exited at {secs:.2f}s", file=sys.stderr)

if __name__ == "__main__":
    main()
