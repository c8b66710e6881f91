# data/completion/: bash completion. Installed as `rdm-s3` where
# bash-completion looks (configure: pkg-config's completionsdir, below
# the prefix). It reads commands, options, check ids and config keys from
# the binary's own help, and bucket names from `rdm-s3 bucket list --names`.
if BASH_COMPLETION
bashcompletion_DATA = data/completion/rdm-s3
endif
EXTRA_DIST += data/completion/rdm-s3
