"""Run moto's server on 127.0.0.1 with its IAM authentication on, for the
rdm-s3 tests: start.sh execs `python run.py STATE_DIR PORT`.

moto checks signatures and IAM policies only after INITIAL_NO_AUTH_ACTION_COUNT
requests (start.sh sets it to 3): this script spends exactly those three on
creating the test user, its allow-all inline policy and its access key, so
that every later request must be signed with that key. The secret goes only
into STATE_DIR/secrets.env (0600); the access key id into STATE_DIR/user.env.
"""
import json
import os
import sys
import time

import boto3
from moto.server import ThreadedMotoServer

state_dir, port = sys.argv[1], int(sys.argv[2])
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
endpoint = "http://127.0.0.1:%d" % port

# Any key works for the first three (unauthenticated) requests.
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
user = "rdm-s3-test"
iam.create_user(UserName=user)
iam.put_user_policy(UserName=user, PolicyName="allow-all", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName=user)["AccessKey"]


def write_private(name, text):
    path = os.path.join(state_dir, name)
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


write_private("secrets.env", "SECRET_KEY='%s'\n" % key["SecretAccessKey"])
write_private("user.env", "ACCESS_KEY=%s\nIAM_USER=%s\n" % (key["AccessKeyId"], user))
sys.stdout.write("rdm-s3 moto ready on %s\n" % endpoint)
sys.stdout.flush()
while True:
    time.sleep(3600)
