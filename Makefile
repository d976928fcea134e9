# The two commands of the README: `make demo` and `make test`.
.PHONY: demo test

# Runs the demo: the bundled Pace and Pressero simulators with the sample orders.
demo:
	cargo run --quiet -p pressero-pace-sync -- demo

# Runs every test (installs what a fresh machine lacks first).
test:
	./scripts/test.sh
