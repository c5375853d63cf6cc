// A framebuffer whose colour is an RGBA8 texture: a map panel drawn into one and placed on the
// wall's canvas as a picture, a compare view's side composed into the frame. GL thread.
#pragma once

#include "core/result.hpp"
#include "render/gl_objects.hpp"

namespace gs {

class TextureTarget {
public:
    static Result<TextureTarget> create(int width, int height);
    void bind() const;  // and sets the viewport to the whole target
    GLuint texture() const { return color_.id(); }
    GLuint framebuffer() const { return fbo_.id(); }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    gl::Framebuffer fbo_;
    gl::Texture color_;
    int width_ = 0, height_ = 0;
};

}  // namespace gs
