"""Ratios of paired-rounds.sh output: per round, Spring path / direct baseline (wall clock and the worker
thread's CPU time per op); their geometric mean and 95% t-interval over the rounds.

  python3 paired-ratios.py OUT_DIR [--merge FILE]   # FILE: the rounds as one compact JSON file
  python3 paired-ratios.py paired-rounds-a-jdk17.json paired-rounds-b-jdk17.json   # pooled
"""
import glob, json, math, os, re, sys

T95 = [12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11,
       2.10, 2.09, 2.09]
PAIRS = [('springCacheGet', 'directAdaptiveGet'), ('springCacheGetMethodKey', 'directAdaptiveGet'),
         ('springCacheGetWithLoader', 'directAdaptiveGetWithLoader')]


def figures(path):
    out = {}
    for b in json.load(open(path)):
        sec = b.get('secondaryMetrics', {})
        raw = lambda m: [round(x, 2) for fork in m.get('rawData', []) for x in fork]
        out[b['benchmark'].rsplit('.', 1)[1]] = {
            'wall_ns': round(b['primaryMetric']['score'], 2), 'wall_iterations': raw(b['primaryMetric']),
            'cpu_ns': round(sec['cpu.time.norm']['score'], 2), 'cpu_iterations': raw(sec['cpu.time.norm']),
            'alloc_bytes': round(sec['gc.alloc.rate.norm']['score'], 3)}
    return out


def rounds(directory):
    result = []
    for direct in glob.glob(directory + '/direct-*.json'):
        i = int(re.findall(r'(\d+)\.json$', direct)[0])
        spring = '%s/spring-%d.json' % (directory, i)
        if not os.path.exists(spring):
            continue
        loads = [line.split('load average:')[1].strip() for line in open('%s/load-%d.txt' % (directory, i))]
        result.append({'round': i, 'load_average_before_after': loads,
                       'benchmarks': {**figures(direct), **figures(spring)}})
    return sorted(result, key=lambda r: r['round'])


def main():
    args = sys.argv[1:]
    merge = None
    if '--merge' in args:
        merge = args[args.index('--merge') + 1]
        args = args[:args.index('--merge')]
    data = []
    for source in args:
        data += json.load(open(source)) if source.endswith('.json') else rounds(source)
    print('rounds:', len(data))
    for metric, label in (('wall_ns', 'wall clock'), ('cpu_ns', 'CPU time')):
        for ours, base in PAIRS:
            logs = [math.log(r['benchmarks'][ours][metric] / r['benchmarks'][base][metric]) for r in data]
            n = len(logs)
            mean = sum(logs) / n
            sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / (n - 1))
            half = (T95[n - 2] if n - 2 < len(T95) else 2.04) * sd / math.sqrt(n)
            avg = lambda name, m: sum(r['benchmarks'][name][m] for r in data) / n
            print('%-10s %-24s / %-27s %.2fx [%.2f, %.2f]  means %.0f vs %.0f ns/op, %.2f vs %.2f B/op' % (
                label, ours, base, math.exp(mean), math.exp(mean - half), math.exp(mean + half),
                avg(ours, metric), avg(base, metric), avg(ours, 'alloc_bytes'), avg(base, 'alloc_bytes')))
    if merge:
        with open(merge, 'w') as f:
            json.dump(data, f, separators=(',', ':'))


main()
