// An answer box in one widget view (course.widgets.answer_view.AnswerView): the prompt, a
// labelled text box, the save status and, for "Try this", the self-check button and what it
// shows. The text goes to the kernel as the student types; the kernel saves it on a pause
// (course/widgets/autosave.py) and writes the status line.

function node(tag, attrs = {}, text = null) {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) e.setAttribute(key, value);
  if (text !== null) e.textContent = text;
  return e;
}

export default {
  render({ model, el }) {
    el.classList.add("course-answer-view");
    const uid = `course-answer-${Math.random().toString(36).slice(2, 10)}`;
    const prompt = node("div", { class: "course-answer-prompt", id: `${uid}-prompt` });
    const box = node("div", { class: `course-answer-box ${model.get("box_class")}`.trim() });
    const area = node("textarea", {
      id: `${uid}-text`,
      rows: String(model.get("rows")),
      placeholder: model.get("placeholder"),
      "aria-describedby": `${uid}-prompt`,
    });
    box.append(node("label", { for: `${uid}-text`, class: "course-answer-label" }, model.get("label")), area);
    const status = node("div", { class: "course-answer-status" });
    el.append(prompt, box, status);
    let feedback = null;
    if (model.get("button")) {
      const button = node(
        "button",
        { type: "button", class: "jupyter-button course-check-thinking", title: model.get("button_title") },
        model.get("button"),
      );
      feedback = node("div", { class: "course-answer-feedback" });
      // with the text shown: a state update may still wait in the page's queue
      button.addEventListener("click", () => model.send({ reveal: true, value: area.value }));
      el.append(button, feedback);
    }

    area.addEventListener("input", () => {
      model.set("value", area.value);
      model.save_changes();
    });
    const showValue = () => {
      const value = model.get("value");
      if (area.value !== value) area.value = value;
    };
    const showText = () => {
      prompt.innerHTML = model.get("prompt");
      status.innerHTML = model.get("status");
      if (feedback) feedback.innerHTML = model.get("feedback");
    };
    showValue();
    showText();
    model.on("change:value", showValue);
    for (const name of ["prompt", "status", "feedback"]) model.on(`change:${name}`, showText);
    return () => {
      model.off("change:value", showValue);
      for (const name of ["prompt", "status", "feedback"]) model.off(`change:${name}`, showText);
    };
  },
};
