#!/usr/bin/env python3
"""Runs the benchmark (see run.sh): generates catalogues, times every tool with
hyperfine, measures peak memory, and checks that every tool's per-sector sums agree
with aidcat's and that aidcat finds exactly the generator's injected mistakes."""
import argparse
import csv
import io
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, 'target', 'release')
AIDCAT = os.path.join(RELEASE, 'aidcat')


def peers(tools, path):
    """name -> (command, how it sums). None where the tool is missing."""
    venv = os.path.join(tools, 'venv', 'bin')
    duckdb = os.path.join(venv, 'duckdb')
    python = os.path.join(venv, 'python')
    polars_script = (
        "import polars as pl,sys;"
        "d=pl.Decimal(18,3);"
        "df=pl.scan_csv(sys.argv[1],schema_overrides={'total':d,'aid':d,'counterpart':d,'code':pl.Utf8})"
        ".group_by('sector',maintain_order=True).agg(pl.len().alias('projects'),pl.col('total').sum(),"
        "pl.col('aid').sum(),pl.col('counterpart').sum()).collect();"
        "df.write_csv(sys.stdout)"
    )
    sql = ("SELECT sector, count(*) AS projects, sum(total) AS total, sum(aid) AS aid, "
           "sum(counterpart) AS counterpart FROM read_csv('{p}', header=true, "
           "types={{'total':'DECIMAL(18,3)','aid':'DECIMAL(18,3)','counterpart':'DECIMAL(18,3)'}}) "
           "GROUP BY sector").format(p=path)
    found = {
        'cat': (['cat', path], 'reference: reads the file'),
        'aidcat summary': ([AIDCAT, 'summary', '--format', 'csv', '--quiet', path], 'exact'),
        'aidcat check': ([AIDCAT, 'check', '--quiet', path], 'exact'),
        'csv crate + Decimal (baseline)': ([os.path.join(RELEASE, 'examples', 'baseline_sums'), path], 'exact'),
        'DuckDB CLI': ([duckdb, '-csv', '-c', sql], 'exact (DECIMAL)') if os.path.exists(duckdb) else None,
        'Polars': ([python, '-c', polars_script, path], 'exact (Decimal)') if os.path.exists(python) and
        subprocess.run([python, '-c', 'import polars'], capture_output=True).returncode == 0 else None,
        'Miller': (['mlr', '--icsv', '--ocsv', 'stats1', '-a', 'count,sum', '-f', 'total,aid,counterpart',
                    '-g', 'sector', path], 'floats') if shutil.which('mlr') else None,
        'xan': (['xan', 'groupby', 'sector',
                 'count() as projects, sum(total) as total, sum(aid) as aid, sum(counterpart) as counterpart',
                 path], 'floats') if shutil.which('xan') else None,
    }
    return found


def sums(output):
    """Per-sector (total, aid, counterpart) from a tool's CSV output, as Decimals."""
    rows = list(csv.DictReader(io.StringIO(output)))
    result = {}
    for row in rows:
        key = row.get('sector')
        pick = lambda *names: next((row[n] for n in names if n in row and row[n] not in (None, '')), '0')
        result[key] = tuple(Decimal(pick(f'{c}_sum', c)) for c in ('total', 'aid', 'counterpart'))
    return result


def timed(tools, runs, work, tag, per_round=1):
    """Median wall time of each command (name -> argv), in seconds; None where it failed.
    The runs are interleaved: `runs` rounds, each running every tool `per_round` times
    (the first round after one warm-up run each), so that a slow spell of a shared machine falls on every tool
    alike, not on whichever hyperfine happened to be timing (one such spell made a ratio
    read 1.05 where the run before gave 0.59). -i lets `aidcat check` exit 1 on the
    mistakes it finds (each tool's answer is checked apart)."""
    times = {name: [] for name in tools}
    failed = set()
    for round_ in range(runs):
        export = os.path.join(work, f'hyperfine-{tag}-{round_}.json')
        warmup = '1' if round_ == 0 else '0'
        command = ['hyperfine', '--style', 'none', '-N', '-i', '--warmup', warmup, '--runs', str(per_round),
                   '--export-json', export]
        for name, tool in tools.items():
            command += ['-n', name, ' '.join(shlex.quote(c) for c in tool)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            failed.update(tools)
            break
        for result in json.load(open(export))['results']:
            times[result['command']].extend(result['times'])
    median = lambda xs: sorted(xs)[len(xs) // 2] if xs else None
    return {name: None if name in failed else median(xs) for name, xs in times.items()}


def peak_kb(command):
    done = subprocess.run(['/usr/bin/time', '-f', '%M'] + command, capture_output=True, text=True)
    try:
        return int(done.stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def rollup(args, work, say):
    """The national roll-up: many small catalogues in a folder, by province and national
    sector, beside DuckDB summing the same files by a glob. Per-province totals must agree."""
    folder = os.path.join(work, 'provinces')
    os.makedirs(folder)
    for seed in range(1, args.rollup_files + 1):
        subprocess.run([os.path.join(RELEASE, 'examples', 'gen_catalogue'), '--rows', '30', '--seed', str(seed),
                        '--out', os.path.join(folder, f'catalogue-{seed:04}.csv')], capture_output=True, check=True)
    say(f'## National roll-up: {args.rollup_files} files of 30 rows')
    say()
    aidcat = [AIDCAT, 'summary', '--by', 'province,national-sector', '--format', 'csv', '--quiet', folder]
    duckdb = os.path.join(args.tools, 'venv', 'bin', 'duckdb')
    sql = ("SELECT province, sector, count(*) AS projects, sum(total) AS total FROM read_csv('{p}/*.csv', "
           "header=true, types={{'total':'DECIMAL(18,3)','aid':'DECIMAL(18,3)','counterpart':'DECIMAL(18,3)'}}) "
           "GROUP BY province, sector").format(p=folder)
    tools = {'aidcat summary --by province,national-sector': aidcat}
    if os.path.exists(duckdb):
        tools['DuckDB CLI (glob)'] = [duckdb, '-csv', '-c', sql]
    per_province = {}
    for name, command in tools.items():
        totals = {}
        for row in csv.DictReader(io.StringIO(subprocess.run(command, capture_output=True, text=True).stdout)):
            totals[row['province']] = totals.get(row['province'], Decimal(0)) + Decimal(row['total'])
        per_province[name] = totals
    agree = len({tuple(sorted(t.items())) for t in per_province.values()}) == 1
    results = timed(tools, args.runs, work, 'rollup')
    if None in results.values():
        say('(the timing failed)')
        return 0, 1
    base = results['aidcat summary --by province,national-sector']
    say('| tool | median | peak memory | ratio to aidcat | per-province totals |')
    say('|---|---:|---:|---:|---|')
    for name, tool in tools.items():
        median = results[name]
        peak = peak_kb(tool) or 0
        say(f'| {name} | {median * 1000:.1f} ms | {peak / 1024:.1f} MB | {median / base:.2f} | '
            f'{"agree" if agree else "DIFFER"} |')
    say()
    return base, int(not agree)


ROMAN = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'), (50, 'L'), (40, 'XL'),
         (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]


def roman(n):
    out = ''
    for value, numeral in ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def vi_amount(text):
    """An amount as a Vietnamese table writes it: `.` groups thousands, `,` marks decimals."""
    if text == '':
        return ''
    whole, _, fraction = text.partition('.')
    grouped = f'{int(whole):,}'.replace(',', '.')
    return grouped + (',' + fraction if fraction else '')


def published_copy(tidy, out):
    """The tidy catalogue laid out as provinces publish it: title lines, a header of
    Vietnamese labels, each sector's row (Roman numeral, its subtotals) above its projects
    numbered 1, 2, ..., and the grand total. Gives the per-sector totals (by name), and
    how many of the sum rows carry on a project's mistake (total not aid + counterpart)."""
    sectors = {}
    with open(tidy, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            sectors.setdefault(row['sector'], []).append(row)
    figure = lambda rows, column: sum((Decimal(r[column] or '0') for r in rows), Decimal(0))
    totals = {}
    carried = 0
    off = lambda sums_: sums_[0] != sums_[1] + sums_[2]
    with open(out, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        f.write('DANH MỤC DỰ ÁN ĐỀ XUẤT VẬN ĐỘNG VIÊN TRỢ PHI CHÍNH PHỦ NƯỚC NGOÀI\n')
        f.write('ĐVT: Triệu đồng\n')
        w.writerow(['STT', 'Tên dự án', 'Chủ khoản viện trợ', 'Địa điểm thực hiện dự án', 'Thời gian thực hiện',
                    'Tổng vốn dự án', 'Vốn vận động viên trợ', 'Vốn đối ứng từ nguồn khác'])
        grand = [Decimal(0)] * 3
        for k, (name, rows) in enumerate(sectors.items(), 1):
            sums_ = [figure(rows, c) for c in ('total', 'aid', 'counterpart')]
            totals[name] = tuple(sums_)
            carried += off(sums_)
            grand = [a + b for a, b in zip(grand, sums_)]
            w.writerow([roman(k), name, '', '', ''] + [vi_amount(str(x)) for x in sums_])
            for n, r in enumerate(rows, 1):
                w.writerow([n, r['name'], r['owner'], r['location'], r['period'], vi_amount(r['total']),
                            vi_amount(r['aid']), vi_amount(r['counterpart'])])
        w.writerow(['', 'Tổng cộng', '', '', ''] + [vi_amount(str(x)) for x in grand])
    return totals, carried + off(grand)


def published(args, work, size, injected, say):
    """The same catalogue in the published layout: aidcat's sector sums and its findings,
    its time beside the tidy file's, and its peak memory."""
    tidy = os.path.join(work, f'catalogue-{size}.csv')
    path = os.path.join(work, f'published-{size}.csv')
    expected, carried = published_copy(tidy, path)
    megabytes = os.path.getsize(path) / 1e6
    say(f'## The same {size:,} rows in the published layout ({megabytes:.1f} MB)')
    say()
    tools = {
        'aidcat summary (published)': [AIDCAT, 'summary', '--format', 'csv', '--quiet', path],
        'aidcat check (published)': [AIDCAT, 'check', '--quiet', path],
        'aidcat summary (tidy)': [AIDCAT, 'summary', '--format', 'csv', '--quiet', tidy],
        'aidcat check (tidy)': [AIDCAT, 'check', '--quiet', tidy],
    }
    got = {}
    for row in csv.DictReader(io.StringIO(subprocess.run(tools['aidcat summary (published)'], capture_output=True,
                                                         text=True).stdout)):
        if row.get('sector') in expected:
            got[row['sector']] = tuple(Decimal(row[c]) for c in ('total', 'aid', 'counterpart'))
    sums_ok = got == expected
    report = json.loads(subprocess.run([AIDCAT, 'check', '--format', 'json', '--quiet', path],
                                       capture_output=True, text=True).stdout)
    findings = report['files'][0]['findings']
    row_sums = sum(f['rule'] == 'row-sum' for f in findings)
    findings_ok = row_sums == injected + carried and len(findings) == row_sums
    results = timed(tools, args.runs, work, f'published-{size}')
    if None in results.values():
        say('(the timing failed)')
        return 1
    say('| run | median | MB/s | peak memory | answer |')
    say('|---|---:|---:|---:|---|')
    for name, tool in tools.items():
        size_mb = megabytes if 'published' in name else os.path.getsize(tidy) / 1e6
        if name == 'aidcat summary (published)':
            answer = 'sector sums equal the tidy file\'s' if sums_ok else 'sector sums DIFFER'
        elif name == 'aidcat check (published)':
            answer = (f'finds the {injected} mistakes and the {carried} sum rows that carry them on, '
                      'no other findings' if findings_ok else
                      f'{row_sums} row-sum findings where {injected} + {carried} were expected, '
                      f'{len(findings) - row_sums} other findings')
        else:
            answer = 'reference'
        say(f'| {name} | {results[name] * 1000:.1f} ms | {size_mb / results[name]:.0f} | '
            f'{(peak_kb(tool) or 0) / 1024:.1f} MB | {answer} |')
    say()
    return int(not (sums_ok and findings_ok))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tools', required=True)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--sizes', default='30,100000,1000000')
    ap.add_argument('--out', default=None, help='also write the report (Markdown) here')
    ap.add_argument('--rollup-files', type=int, default=700,
                    help='small files in the national roll-up (63 provinces x a dozen versions)')
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix='aidcat-bench-')
    lines = []
    say = lambda text='': (print(text), lines.append(text))
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
    say(f'Machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), Linux {platform.release()}')
    versions = {}
    for name, command in [('hyperfine', ['hyperfine', '--version']), ('mlr', ['mlr', '--version']),
                          ('xan', ['xan', '--version']),
                          ('duckdb', [os.path.join(args.tools, 'venv', 'bin', 'duckdb'), '--version'])]:
        try:
            versions[name] = subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            versions[name] = 'not installed'
    say('Versions: ' + '; '.join(f'{k}: {v}' for k, v in versions.items()))
    say()
    problems = 0
    medians = {}
    for size in [int(s) for s in args.sizes.split(',')]:
        path = os.path.join(work, f'catalogue-{size}.csv')
        generated = subprocess.run([os.path.join(RELEASE, 'examples', 'gen_catalogue'), '--rows', str(size),
                                    '--seed', '42', '--out', path], capture_output=True, text=True, check=True)
        injected = int(generated.stderr.strip().rsplit(' ', 1)[-1])
        megabytes = os.path.getsize(path) / 1e6
        say(f'## {size:,} rows ({megabytes:.1f} MB), {injected} injected mistakes')
        say()
        tools = peers(args.tools, path)
        missing = [name for name, spec in tools.items() if spec is None]
        tools = {name: spec for name, spec in tools.items() if spec is not None}
        # Correctness first: sums against aidcat's, mistakes found.
        reference = sums(subprocess.run(tools['aidcat summary'][0], capture_output=True, text=True).stdout)
        verdicts = {}
        for name, (command, kind) in tools.items():
            if name == 'cat':
                verdicts[name] = 'no sums'
                continue
            if name == 'aidcat check':
                report = json.loads(subprocess.run([AIDCAT, 'check', '--format', 'json', '--quiet', path],
                                                   capture_output=True, text=True).stdout)
                findings = report['files'][0]['findings']
                row_sums = [f for f in findings if f['rule'] == 'row-sum']
                ok = len(row_sums) == injected and len(findings) == injected
                verdicts[name] = f'finds {len(row_sums)} of {injected} mistakes, {len(findings) - len(row_sums)} other findings'
                problems += not ok
                continue
            out = subprocess.run(command, capture_output=True, text=True)
            got = sums(out.stdout) if out.returncode == 0 else {}
            if got == reference:
                verdicts[name] = 'sums equal aidcat\'s'
            elif set(got) == set(reference):
                drift = max(abs(a - b) for k in got for a, b in zip(got[k], reference[k]))
                verdicts[name] = f'float drift up to {drift}'
                problems += kind.startswith('exact')
            else:
                verdicts[name] = 'different sums or failed: ' + (out.stderr.strip()[:120] or 'no output')
                problems += 1
        # Small files take milliseconds: several runs a round.
        per_round = 10 if megabytes < 1 else 1
        results = timed({name: spec[0] for name, spec in tools.items()}, args.runs, work, str(size), per_round)
        if None in results.values():
            problems += 1
            continue
        base = results['aidcat summary']
        say('| tool | median | MB/s | peak memory | ratio to aidcat summary | sums |')
        say('|---|---:|---:|---:|---:|---|')
        for name, (cmd, kind) in tools.items():
            median = results[name]
            peak = peak_kb(cmd)
            say(f'| {name} | {median * 1000:.1f} ms | {megabytes / median:.0f} | '
                f'{peak / 1024:.1f} MB | {median / base:.2f} | {kind}; {verdicts[name]} |')
        for name in missing:
            say(f'| {name} | not installed | | | | |')
        say()
        medians[size] = dict(results)
        medians[size]['injected'] = injected
        medians[size]['peak aidcat'] = max(peak_kb(tools['aidcat summary'][0]) or 0, peak_kb(tools['aidcat check'][0]) or 0)
    if medians:
        largest = max(medians)
        problems += published(args, work, largest, medians[largest]['injected'], say)
    rollup_median, rollup_problem = rollup(args, work, say)
    problems += rollup_problem
    say('## Targets')
    say()
    say(f'- roll-up of {args.rollup_files} files: {rollup_median:.3f} s (target below 1 s)')
    for size, m in medians.items():
        summary, check = m['aidcat summary'], m['aidcat check']
        if 'DuckDB CLI' in m and size >= 1_000_000:
            say(f'- {size:,} rows: summary/DuckDB = {summary / m["DuckDB CLI"]:.2f} (target at most 0.5), '
                f'check/DuckDB = {check / m["DuckDB CLI"]:.2f} (target at most 0.6), '
                f'check/summary = {check / summary:.2f} (target within 1.3); '
                f'peak memory {m["peak aidcat"] / 1024:.1f} MB (target below 64 MB)')
        if size <= 100:
            say(f'- {size} rows: summary/cat = {summary / m["cat"]:.2f}, check/cat = {check / m["cat"]:.2f} '
                f'(target within 2.0)')
    if 100_000 in medians and 1_000_000 in medians:
        growth = medians[1_000_000]['aidcat check'] / medians[100_000]['aidcat check']
        say(f'- 100k to 1M rows: check time grows {growth:.1f}x (linear is 10x)')
    say()
    shutil.rmtree(work, ignore_errors=True)
    if args.out:
        with open(args.out, 'w') as f:
            f.write('\n'.join(lines) + '\n')
    if problems:
        print(f'bench: {problems} correctness problem(s), see the table', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
