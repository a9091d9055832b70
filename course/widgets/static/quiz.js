// The whole "Check yourself" quiz in one widget view (course.quiz.widgets.QuizView): every
// question, its native controls, its Check button and its feedback are plain DOM here,
// instead of five to fifteen ipywidgets views per question. The kernel sends the questions
// (`items`, options in this student's order) and the HTML it writes (heads, feedback, the
// score line); this module sends back answers in the bank's order (`answers`) and which
// question to check (a message).

function node(tag, attrs = {}, text = null) {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) e.setAttribute(key, value);
  if (text !== null) e.textContent = text;
  return e;
}

function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// One question: its controls, and how to read and write its answer in bank order.
function question(item, uid) {
  const id = `${uid}-${item.n}`;
  const box = node("div", { class: `course-quiz-question course-quiz-q-${item.id.replace(/\./g, "-")}` });
  const head = node("div", { class: "course-quiz-head", id: `${id}-head` });
  head.innerHTML = item.head;
  const group = node("fieldset", { class: `course-quiz-answer course-quiz-${item.kind}` });
  group.append(node("legend", { class: "course-quiz-legend" }, item.label));
  let read, write;

  if (item.kind === "choice" || item.kind === "multi" || item.kind === "evidence") {
    const type = item.kind === "choice" ? "radio" : "checkbox";
    const inputs = item.options.map(([value, text], i) => {
      const label = node("label", { class: "course-quiz-option" });
      const input = node("input", { type, name: id, value: String(value), id: `${id}-${i}` });
      label.append(input, node("span", {}, text));
      group.append(label);
      return input;
    });
    if (type === "radio") {
      read = () => {
        const on = inputs.find((i) => i.checked);
        return on ? Number(on.value) : null;
      };
      write = (answer) => inputs.forEach((i) => { i.checked = Number(i.value) === answer; });
    } else {
      read = () => {
        const on = inputs.filter((i) => i.checked).map((i) => Number(i.value)).sort((a, b) => a - b);
        return on.length ? on : null;
      };
      write = (answer) => {
        const chosen = new Set(answer || []);
        inputs.forEach((i) => { i.checked = chosen.has(Number(i.value)); });
      };
    }
  } else if (item.kind === "order" || item.kind === "match") {
    const selects = item.rows.map(([index, text], i) => {
      const row = node("div", { class: "course-quiz-row" });
      const select = node("select", { id: `${id}-${i}`, "data-index": String(index) });
      for (const [value, label] of item.choices) {
        select.append(node("option", { value: value === null ? "" : String(value) }, label));
      }
      row.append(node("label", { for: `${id}-${i}` }, text), select);
      group.append(row);
      return select;
    });
    read = () => {
      const answer = new Array(selects.length).fill(null);
      for (const s of selects) answer[Number(s.dataset.index)] = s.value === "" ? null : Number(s.value);
      return answer.every((a) => a === null) ? null : answer;
    };
    write = (answer) => {
      for (const s of selects) {
        const value = answer ? answer[Number(s.dataset.index)] : null;
        s.value = value === null || value === undefined ? "" : String(value);
      }
    };
  } else {
    const area = node("textarea", { id: `${id}-text`, rows: "5", placeholder: item.placeholder });
    const label = node("label", { for: `${id}-text`, class: "course-quiz-label" }, item.label);
    group.replaceChildren(label, area);
    read = () => area.value || null;
    write = (answer) => {
      if (area.value !== (answer || "")) area.value = answer || "";
    };
  }

  const button = node(
    "button", { type: "button", class: "jupyter-button course-quiz-check", title: item.title }, item.button,
  );
  const feedback = node("div", { class: "course-quiz-feedback", "aria-live": "polite" });
  box.append(head, group, button, feedback);
  return { box, group, button, feedback, read, write };
}

export default {
  render({ model, el }) {
    el.classList.add("course-quiz-view");
    const uid = `course-quiz-${Math.random().toString(36).slice(2, 10)}`;
    const summary = node("div", { class: "course-quiz-summary" });
    const status = node("div", { class: "course-quiz-status" });
    let blocks = new Map();
    // The answers as last shown or sent: only an answer the kernel changed is written back
    // into the page, so nothing the student is still typing is overwritten.
    let shown = {};

    const commit = (qid) => {
      const answers = model.get("answers") || {};
      const answer = blocks.get(qid).read();
      if (same(answers[qid], answer)) return;
      shown = { ...shown, [qid]: answer };
      model.set("answers", { ...answers, [qid]: answer });
      model.save_changes();
    };
    const showAnswers = (all = false) => {
      const answers = model.get("answers") || {};
      for (const [qid, b] of blocks) {
        if (all || !same(shown[qid], answers[qid])) b.write(answers[qid] ?? null);
      }
      shown = { ...answers };
    };
    const showFeedback = () => {
      const feedback = model.get("feedback") || {};
      for (const [qid, b] of blocks) {
        const html = feedback[qid] || "";
        if (b.feedback.innerHTML !== html) b.feedback.innerHTML = html;
      }
    };
    const showText = () => {
      summary.innerHTML = model.get("summary");
      status.innerHTML = model.get("status");
    };
    const build = () => {
      blocks = new Map();
      const parts = [];
      for (const item of model.get("items")) {
        const b = question(item, uid);
        b.group.addEventListener("change", () => commit(item.id));
        b.button.addEventListener("click", () => {
          commit(item.id); // a judgement typed and not yet left counts
          // with the answer shown: a state update may still wait in the page's queue
          model.send({ check: item.id, answer: b.read() });
        });
        blocks.set(item.id, b);
        parts.push(b.box);
      }
      el.replaceChildren(...parts, summary, status);
      showAnswers(true);
      showFeedback();
      showText();
    };

    build();
    model.on("change:items", build);
    const answersChanged = () => showAnswers();
    model.on("change:answers", answersChanged);
    model.on("change:feedback", showFeedback);
    model.on("change:summary", showText);
    model.on("change:status", showText);
    return () => {
      model.off("change:items", build);
      model.off("change:answers", answersChanged);
      model.off("change:feedback", showFeedback);
      model.off("change:summary", showText);
      model.off("change:status", showText);
    };
  },
};
