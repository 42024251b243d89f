package graph

import (
	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/checklist"
)

func revisionOf(in model.ReviseChecklistTemplateInput) checklist.TemplateRevision {
	out := checklist.TemplateRevision{Kind: in.Kind, TitleZH: in.TitleZh, TitleEN: in.TitleEn}
	for _, it := range in.Items {
		out.Items = append(out.Items, checklist.ItemInput{Code: it.Code, TextZH: it.TextZh, TextEN: it.TextEn, Weight: it.Weight,
			AppliesOn: it.AppliesOn, DressCode: deref(it.DressCode), Role: deref(it.Role), PhotoRequired: it.PhotoRequired,
			Automatic: deref(it.Automatic)})
	}
	return out
}

func answerOf(in model.AnswerChecklistItemInput) (checklist.Answer, error) {
	a := checklist.Answer{Passed: in.Passed, Note: deref(in.Note)}
	var err error
	if a.CheckItemID, err = keyOf(in.CheckItemID, "ChecklistCheckItem"); err != nil {
		return a, err
	}
	if in.PhotoID != nil {
		a.PhotoID, err = keyOf(*in.PhotoID, "Photo")
	}
	return a, err
}

func newActionOf(in model.RaiseCorrectiveActionInput) (checklist.NewAction, error) {
	a := checklist.NewAction{DueOn: in.DueOn, Description: in.Description}
	var err error
	if a.CheckItemID, err = keyOf(in.CheckItemID, "ChecklistCheckItem"); err != nil {
		return a, err
	}
	a.AssigneeID, err = keyOf(in.AssigneeID, "Staff")
	return a, err
}
