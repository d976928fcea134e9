# The two commands of the README: `make demo` and `make test`.
.PHONY: demo test

# Runs the demo: the app against the bundled Pace and Pressero simulators with the sample
# orders; where there is no display (no DISPLAY / WAYLAND_DISPLAY), the headless demo.
demo:
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		./scripts/desktop-demo.sh; \
	else \
		echo "No display: running the headless demo."; \
		cargo run --quiet -p pressero-pace-sync -- demo; \
	fi

# Runs every test (installs what a fresh machine lacks first).
test:
	./scripts/test.sh
