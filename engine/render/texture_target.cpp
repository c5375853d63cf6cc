#include "render/texture_target.hpp"

#include <string>

namespace gs {

Result<TextureTarget> TextureTarget::create(int width, int height) {
    GLint maxSize = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
    if (width < 1 || height < 1 || width > maxSize || height > maxSize)
        return Error{"panel size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1.." +
                     std::to_string(maxSize) + " pixels per side"};
    TextureTarget t;
    t.width_ = width;
    t.height_ = height;
    t.color_ = gl::Texture::create();
    glBindTexture(GL_TEXTURE_2D, t.color_.id());
    GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    t.fbo_ = gl::Framebuffer::create();
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo_.id());
    GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.color_.id(), 0));
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
    if (!complete) return Error{"panel framebuffer " + std::to_string(width) + "x" + std::to_string(height) + " is incomplete"};
    return t;
}

void TextureTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
    glViewport(0, 0, width_, height_);
}

}  // namespace gs
