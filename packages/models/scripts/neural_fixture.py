"""Extracts the real driver series the neural-model tests use: daily TA_F (deg C) and SW_IN_F
(W m-2) of FLUXNET2015 site DE-Hai, 2000-01-01 .. 2005-12-31, from the shared data folder
(CC-BY-4.0, see /work/shared/data/fluxnet2015/SOURCES.md). Writes test/fixtures/neural-de-hai.json.

Run once: /usr/bin/python3 scripts/neural_fixture.py
"""
import csv
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'fluxnet2015')
SOURCE = 'FLX_DE-Hai_FLUXNET2015_ZARRDERIVED_DD_2000-2012.csv'
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'neural-de-hai.json')
COLUMNS = ('TA_F', 'SW_IN_F')


def main():
    series = {c: [] for c in COLUMNS}
    with open(os.path.join(SHARED, SOURCE), newline='') as f:
        for row in csv.DictReader(f):
            if row['TIMESTAMP'] > '20051231':
                break
            for c in COLUMNS:
                value = float(row[c])
                if value == -9999:
                    raise ValueError(f'missing {c} on {row["TIMESTAMP"]}')
                series[c].append(round(value, 2))
    doc = {
        'site': 'DE-Hai',
        'firstDay': '2000-01-01',
        'units': {'TA_F': 'deg C', 'SW_IN_F': 'W m-2'},
        'source': f'/work/shared/data/fluxnet2015/{SOURCE} (FLUXNET2015, CC-BY-4.0), rounded to 0.01',
        'series': series,
    }
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(OUT, len(series['TA_F']), 'days')


if __name__ == '__main__':
    main()
