package graph

import (
	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/phrase"
)

func phrasePayload(ph *phrase.Phrase, replayed bool, err error) (*model.PhrasePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.PhrasePayload{Phrase: ph, Replayed: replayed}, nil
}
