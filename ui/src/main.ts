import { mount } from "svelte";
import App from "./App.svelte";
import { initIpc } from "./ipc";
import "./styles.css";

void initIpc().then(() => mount(App, { target: document.getElementById("app")! }));
