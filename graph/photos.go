package graph

import (
	"context"

	"github.com/expresscs/cs/internal/media"
)

// attachedPhotos loads the photos attached to a record of another capability (a return's
// quality proof, a ticket comment, an over/short report), in the order given and batched
// across the request. The capability that owns the record decided that the caller may see
// it, and whoever may see a record may see its photos; ids that name no photo (free-form
// references written before photos were checked) are left out.
func attachedPhotos(ctx context.Context, ids []string) ([]*media.Photo, error) {
	if len(ids) == 0 {
		return []*media.Photo{}, nil
	}
	found, err := LoadersFrom(ctx).AttachedPhotoByID.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*media.Photo, 0, len(found))
	for _, ph := range found {
		if ph != nil {
			out = append(out, ph)
		}
	}
	return out, nil
}
